/**
 * The host page: one `<kehu-provider>` shares the CRM, language and theme with the pipeline board
 * and the customer card. Selecting a deal on the board shows its account on the card; every Kehu
 * event the page hears is listed below, read from the typed event (`e.detail.deal`…), not from an
 * untyped CustomEvent.
 */
import type { DealMovedEvent, DealSelectEvent } from '@kehu/components';
import { type Crm, KEY_ACCOUNT_PIPELINE_ID, type Locale } from '@kehu/core';
import { useCallback, useState } from 'react';

type Theme = 'light' | 'dark';

interface LogEntry {
  id: number;
  type: string;
  text: string;
}

let nextEntryId = 0;

export function App({ crm }: { crm: Crm }) {
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const [theme, setTheme] = useState<Theme>('light');
  const [customerId, setCustomerId] = useState<string>();
  const [log, setLog] = useState<LogEntry[]>([]);

  const record = useCallback((type: string, text: string) => {
    setLog((entries) => [{ id: nextEntryId++, type, text }, ...entries].slice(0, 50));
  }, []);

  const onSelect = useCallback(
    (event: DealSelectEvent) => {
      const { deal } = event.detail;
      setCustomerId(deal.accountId);
      record(event.type, `${deal.title} → ${deal.accountId}`);
    },
    [record],
  );

  const onMoved = useCallback(
    (event: DealMovedEvent) => {
      const { deal, fromStageId, toStageId } = event.detail;
      record(event.type, `${deal.title}: ${fromStageId} → ${toStageId}`);
    },
    [record],
  );

  return (
    <kehu-provider crm={crm} locale={locale} theme={theme}>
      <div className="host" data-theme={theme}>
        <div className="toolbar">
          <h1>Kehu · React 19</h1>
          <label>
            Language{' '}
            <select id="locale" value={locale} onChange={(e) => setLocale(e.target.value as Locale)}>
              <option value="zh-CN">中文</option>
              <option value="en">English</option>
            </select>
          </label>
          <label>
            Theme{' '}
            <select id="theme" value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
              <option value="light">Light</option>
              <option value="dark">Dark</option>
            </select>
          </label>
        </div>
        <div className="panes">
          <kehu-pipeline-board
            pipeline-id={KEY_ACCOUNT_PIPELINE_ID}
            theme={theme}
            onkehu-deal-select={onSelect}
            onkehu-deal-moved={onMoved}
            onkehu-deal-move-failed={(e) =>
              record(e.type, `${e.detail.deal.title}: ${e.detail.error.message}`)
            }
          />
          <kehu-customer-card
            customer-id={customerId}
            variant="full"
            theme={theme}
            onkehu-activity-logged={(e) => record(e.type, e.detail.activity.subject)}
            onkehu-deal-created={(e) => record(e.type, e.detail.deal.title)}
          />
        </div>
        <section aria-label="Event log">
          <h2>Events</h2>
          <ol className="log" id="event-log">
            {log.map((entry) => (
              <li key={entry.id} data-event={entry.type}>
                <code>{entry.type}</code> {entry.text}
              </li>
            ))}
          </ol>
        </section>
      </div>
    </kehu-provider>
  );
}
