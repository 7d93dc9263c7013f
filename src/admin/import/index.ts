// Bulk import (issue 14): CSV reading, row schemas, the planner, the dry-run report and safe CSV export.
export * from './codes.ts';
export * from './errors.ts';
export * from './administrator-roles.ts';
export * from './columns.ts';
export * from './csv-reader.ts';
export * from './row-schemas.ts';
export * from './read-rows.ts';
export * from './planner.ts';
export * from './report.ts';
export * from './dry-run.ts';
export * from './messages.ts';
export * from './safe-csv.ts';
export * from './report-csv.ts';
export * from './utf8-text.ts';
export * from './user-list-csv.ts';
