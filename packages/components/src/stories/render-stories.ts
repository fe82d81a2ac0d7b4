/**
 * Renders CSF stories without Storybook: merge args, run loaders, call render, mount the result.
 * Lets a plain browser test prove that every story renders without an error.
 */
import { render, type TemplateResult } from 'lit';

type Loader = (context: { args: Record<string, unknown> }) => Promise<Record<string, unknown>>;
type Render = (
  args: Record<string, unknown>,
  context: { args: Record<string, unknown>; loaded: Record<string, unknown> },
) => TemplateResult;

interface StoryAnnotations {
  args?: Record<string, unknown>;
  loaders?: Loader[];
  render?: Render;
}

export interface StoryModule {
  default: StoryAnnotations & { title: string; component: string };
  [name: string]: unknown;
}

export function storiesOf(module: StoryModule): [string, StoryAnnotations][] {
  return Object.entries(module).filter(([name]) => name !== 'default') as [string, StoryAnnotations][];
}

export async function renderStory(
  module: StoryModule,
  story: StoryAnnotations,
  container: HTMLElement,
): Promise<Element> {
  const meta = module.default;
  const args = { ...meta.args, ...story.args };
  const loaded: Record<string, unknown> = {};
  for (const loader of [...(meta.loaders ?? []), ...(story.loaders ?? [])])
    Object.assign(loaded, await loader({ args }));
  const renderFn = story.render ?? meta.render;
  if (!renderFn) throw new Error(`${meta.title} has no render function`);
  render(renderFn(args, { args, loaded }), container);
  const element = container.querySelector(meta.component);
  if (!element) throw new Error(`${meta.title}: the story did not render <${meta.component}>`);
  await (element as Element & { updateComplete?: Promise<unknown> }).updateComplete;
  return element;
}
