import { KehuLeadFormElement } from './lead-form.ts';

if (!customElements.get('kehu-lead-form')) {
  customElements.define('kehu-lead-form', KehuLeadFormElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'kehu-lead-form': KehuLeadFormElement;
  }
}
