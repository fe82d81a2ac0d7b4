import { startDemo } from './demo.ts';

const app = document.querySelector<HTMLElement>('#app')!;
const status = document.querySelector<HTMLElement>('#status')!;
const reset = document.querySelector<HTMLButtonElement>('#reset')!;

startDemo(app, { deals: 2_000 }).then(
  (demo) => {
    const origin = demo.seeded ? '新生成 generated now' : '已从 IndexedDB 载入 loaded from IndexedDB';
    status.textContent = `${demo.deals} 个商机 deals · ${demo.accounts} 个客户 accounts — ${origin}`;
    reset.hidden = false;
    reset.addEventListener('click', async () => {
      reset.disabled = true;
      await demo.reset();
      location.reload();
    });
  },
  (error: unknown) => {
    status.textContent = `Demo failed: ${error instanceof Error ? error.message : String(error)}`;
    throw error;
  },
);
