/**
 * The message catalogue every language implements. A key missing from a catalogue is a type
 * error; a function entry formats its arguments (plural, order) the way the language needs.
 */
export interface Messages {
  loading: string;
  retry: string;
  errorTitle: string;
  noCrm: string;
  board: {
    label: string;
    cardRole: string;
    empty: string;
    emptyColumn: string;
    count: (n: number) => string;
    total: string;
    weighted: string;
    daysInStage: (days: number) => string;
    rotting: string;
    unassigned: string;
    grade: (grade: string) => string;
    score: (score: number) => string;
    filterOwner: string;
    filterAll: string;
    filterText: string;
    loadMore: string;
    grabbed: (title: string, stage: string, position: number, total: number) => string;
    moved: (stage: string, position: number, total: number) => string;
    dropped: (title: string, stage: string, position: number, total: number) => string;
    cancelled: (title: string) => string;
    keyboardHint: string;
    reasonTitle: (stage: string) => string;
    reasonLabel: string;
    reasonConfirm: string;
    reasonCancel: string;
    moveFailed: string;
    vetoed: string;
    dismiss: string;
  };
  errors: {
    VALIDATION: string;
    NOT_FOUND: string;
    CONFLICT: string;
    GUARD_REJECTED: string;
    STORAGE: string;
    INSUFFICIENT_POINTS: string;
    UNAUTHENTICATED: string;
    FORBIDDEN: string;
    RATE_LIMITED: string;
    UNKNOWN: string;
    missingFields: (fields: string) => string;
    transition: (from: string, to: string) => string;
  };
  fields: Record<string, string>;
}
