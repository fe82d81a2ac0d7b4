import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../src/**/*.stories.ts'],
  addons: ['@storybook/addon-a11y', '@storybook/addon-docs'],
  framework: { name: '@storybook/web-components-vite', options: {} },
  core: { disableTelemetry: true },
  async viteFinal(config) {
    // Workspace packages resolve to their TypeScript sources, as in tests and the demo.
    config.resolve = {
      ...config.resolve,
      conditions: ['@kehu/source', 'module', 'browser', 'development|production'],
    };
    return config;
  },
};

export default config;
