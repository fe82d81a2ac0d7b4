// Registers the elements before Vue creates any, so Vue finds `crm`, `locale` and `theme` on the
// upgraded elements and sets them as properties.
import '@kehu/components/define';
// The host page's own look, shared by the framework examples.
import '../../shared/host.css';
import { createApp } from 'vue';
import App from './App.vue';

// The sample generator and core load in their own chunk, next to Vue and the elements.
const { createSampleCrm } = await import('./crm.ts');
const crm = await createSampleCrm();
createApp(App, { crm }).mount('#app');
