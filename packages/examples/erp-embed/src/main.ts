import { startDemo } from './demo.ts';

const app = document.querySelector<HTMLElement>('#app')!;
const status = document.querySelector<HTMLElement>('#status')!;
startDemo(app, { deals: 2_000 }).then(
  (summary) => {
    status.textContent = `${summary.deals} 个商机 deals · ${summary.accounts} 个客户 accounts — memory store, generated in this tab`;
  },
  (error: unknown) => {
    status.textContent = `Demo failed: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
