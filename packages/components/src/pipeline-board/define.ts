import { KehuPipelineBoardElement } from './pipeline-board.ts';

if (!customElements.get('kehu-pipeline-board')) {
  customElements.define('kehu-pipeline-board', KehuPipelineBoardElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'kehu-pipeline-board': KehuPipelineBoardElement;
  }
}
