/// <reference types="mocha" />
// Every story of every component renders in Chromium without a thrown error, an unhandled
// rejection or console output (the console guard fails the test on the latter), and is axe-clean.
import { expect } from '@open-wc/testing';
import * as customerCard from './customer-card/customer-card.stories.ts';
import * as leadForm from './lead-form/lead-form.stories.ts';
import * as pipelineBoard from './pipeline-board/pipeline-board.stories.ts';
import * as provider from './provider/provider.stories.ts';
import { renderStory, type StoryModule, storiesOf } from './stories/render-stories.ts';

async function waitFor(predicate: () => boolean, timeout = 5_000): Promise<void> {
  const started = Date.now();
  while (!predicate()) {
    if (Date.now() - started > timeout) throw new Error('the story never rendered its content');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const modules = [pipelineBoard, customerCard, leadForm, provider] as unknown as StoryModule[];

for (const module of modules) {
  describe(`stories: ${module.default.title}`, () => {
    for (const [name, story] of storiesOf(module)) {
      it(`${name} renders`, async () => {
        const errors: unknown[] = [];
        const onError = (event: ErrorEvent) => errors.push(event.error ?? event.message);
        const onRejection = (event: PromiseRejectionEvent) => errors.push(event.reason);
        window.addEventListener('error', onError);
        window.addEventListener('unhandledrejection', onRejection);
        const container = document.createElement('div');
        document.body.append(container);
        try {
          const element = await renderStory(module, story, container);
          await new Promise((resolve) => setTimeout(resolve, 250));
          // The element, or for a provider the board inside it, rendered something.
          const rendered =
            element.localName === 'kehu-provider' ? element.querySelector('kehu-pipeline-board') : element;
          const content = '[data-deal-id], .state, [part~="base"]';
          await waitFor(() => (rendered?.shadowRoot?.querySelector(content) ?? null) !== null);
          expect(rendered?.shadowRoot?.childElementCount ?? 0).to.be.greaterThan(0);
          expect(errors).to.deep.equal([]);
          // Every state a designer can see must also pass axe.
          await expect(container).to.be.accessible();
        } finally {
          window.removeEventListener('error', onError);
          window.removeEventListener('unhandledrejection', onRejection);
          container.remove();
        }
      });
    }
  });
}
