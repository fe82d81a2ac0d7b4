/** Registers every Kehu element. */
import './provider/define.ts';
import './pipeline-board/define.ts';
