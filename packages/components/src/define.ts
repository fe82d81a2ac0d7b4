/** Registers every Kehu element. */
import './provider/define.ts';
import './pipeline-board/define.ts';
import './customer-card/define.ts';
import './lead-form/define.ts';
