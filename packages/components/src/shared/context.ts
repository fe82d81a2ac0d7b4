/** What `<kehu-provider>` shares with every Kehu element inside it. */

import type { Crm, Locale } from '@kehu/core';
import { createContext } from '@lit/context';

export const crmContext = createContext<Crm | undefined>(Symbol.for('kehu.crm'));
export const localeContext = createContext<Locale | undefined>(Symbol.for('kehu.locale'));
