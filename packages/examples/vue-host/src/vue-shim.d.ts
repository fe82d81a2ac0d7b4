// For tools that read .ts files alone (the workspace's `tsc`); vue-tsc types .vue files itself.
declare module '*.vue' {
  import type { DefineComponent } from 'vue';

  const component: DefineComponent;
  export default component;
}
