import { KehuCustomerCardElement } from './customer-card.ts';

if (!customElements.get('kehu-customer-card')) {
  customElements.define('kehu-customer-card', KehuCustomerCardElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'kehu-customer-card': KehuCustomerCardElement;
  }
}
