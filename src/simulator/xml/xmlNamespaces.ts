// Namespace prefixes, checked as a namespace-aware parser (and xmldom before)
// checks them: a prefixed element or attribute name needs its prefix declared
// by an xmlns:prefix attribute on the element or an ancestor. Only declared-ness
// is tracked; the names stay as written ("amazon:effect") and no URI is kept.

import { XmlSyntaxError } from './xmlSyntaxError';

export class NamespaceScopes {
  /** Prefixes declared by the open elements, innermost last, with whether each is bound (an empty URI unbinds). */
  private readonly declared: Array<[prefix: string, bound: boolean]> = [];

  /** How many declarations are in scope: what `leave` returns to when the element ends. */
  get depth(): number {
    return this.declared.length;
  }

  /** Declares the element's xmlns:prefix attributes, then requires every prefix it uses to be declared. */
  enter(element: string, attributes: Record<string, string>, at: number): void {
    for (const attribute in attributes) {
      if (attribute.startsWith('xmlns:')) this.declared.push([attribute.slice(6), attributes[attribute] !== '']);
    }
    this.requireDeclared(element, `<${element}>`, at);
    for (const attribute in attributes) {
      if (attribute !== 'xmlns' && !attribute.startsWith('xmlns:')) this.requireDeclared(attribute, `attribute "${attribute}" in <${element}>`, at);
    }
  }

  leave(depth: number): void {
    this.declared.length = depth;
  }

  private requireDeclared(name: string, what: string, at: number): void {
    const colon = name.indexOf(':');
    if (colon < 0) return;
    const prefix = name.slice(0, colon);
    if (prefix === 'xml' || this.isBound(prefix)) return;
    throw new XmlSyntaxError(`the prefix "${prefix}" of ${what} is not declared (add xmlns:${prefix}="...")`, at);
  }

  private isBound(prefix: string): boolean {
    for (let i = this.declared.length - 1; i >= 0; i--) {
      const [declared, bound] = this.declared[i]!;
      if (declared === prefix) return bound;
    }
    return false;
  }
}
