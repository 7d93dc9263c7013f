// What every Kontekst page carries around its content: the footer's help, privacy and accessibility links (configured).
export interface FooterLinks {
  help?: string;
  privacy?: string;
  accessibility?: string;
}

let configured: Readonly<FooterLinks> = {};

/** Set once at start from configuration (HELP_URL, PRIVACY_URL, ACCESSIBILITY_URL); every instance in a process shares it. */
export function setFooterLinks(links: FooterLinks): void {
  configured = Object.freeze({ ...links });
}

export function footerLinks(): Readonly<FooterLinks> {
  return configured;
}
