// Registers the elements before React creates any, so React 19 sees `crm`, `locale` and `theme`
// as properties of the upgraded elements and sets them as properties.
import '@kehu/components/define';
// The host page's own look, shared by the framework examples.
import '../../shared/host.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';

// The sample generator and core load in their own chunk, next to React and the elements.
const { createSampleCrm } = await import('./crm.ts');
const crm = await createSampleCrm();
createRoot(document.querySelector('#app')!).render(
  <StrictMode>
    <App crm={crm} />
  </StrictMode>,
);
