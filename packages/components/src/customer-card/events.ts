/** Events `<kehu-customer-card>` dispatches. All bubble and cross shadow roots. */
import type { Activity, ActivityCreateInput, Deal, DealCreateInput } from '@kehu/core';

/**
 * Announced when the "log activity" form is submitted, before anything is saved; `detail` is the
 * draft `crm.activities.create` will receive. Call `preventDefault()` to veto it (nothing is
 * written and the form keeps its input; `card.closeForms()` closes it once the host has dealt
 * with the activity), or fill in fields the card cannot know, such as `ownerId`, by changing
 * `detail` in the listener.
 */
export class ActivityLogEvent extends Event {
  static readonly type = 'kehu-activity-log';
  constructor(readonly detail: ActivityCreateInput) {
    super(ActivityLogEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** An activity has been saved; `detail.activity` is the record as stored. */
export class ActivityLoggedEvent extends Event {
  static readonly type = 'kehu-activity-logged';
  constructor(readonly detail: { activity: Activity }) {
    super(ActivityLoggedEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * Announced when the "new deal" form is submitted, before anything is saved; `detail` is the draft
 * `crm.deals.create` will receive: the card's pipeline, the `stageId` and optional `contactId`
 * chosen in the form, the account's owner. Call `preventDefault()` to veto it (then
 * `card.closeForms()` closes the form once the host has dealt with it), or amend `detail` in the
 * listener.
 */
export class DealCreateEvent extends Event {
  static readonly type = 'kehu-deal-create';
  constructor(readonly detail: DealCreateInput) {
    super(DealCreateEvent.type, { bubbles: true, composed: true, cancelable: true });
  }
}

/** A deal has been saved; `detail.deal` is the record as stored. */
export class DealCreatedEvent extends Event {
  static readonly type = 'kehu-deal-created';
  constructor(readonly detail: { deal: Deal }) {
    super(DealCreatedEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'kehu-activity-log': ActivityLogEvent;
    'kehu-activity-logged': ActivityLoggedEvent;
    'kehu-deal-create': DealCreateEvent;
    'kehu-deal-created': DealCreatedEvent;
  }
}
