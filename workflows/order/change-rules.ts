// Which changes to an order fit its stage (docs/funnel.md, "Changes to an order"). Pure: read by the update
// validators (a refused change is a 409 and changes nothing) and again when the main loop takes the change.
import { CLOSED_STAGES, type Stage } from '../../domain/funnel.ts';
import { COMMAND_ERROR } from '../shared.ts';

// What the rules read of the order and the command, by shape: order-state.ts calls them, so importing its
// types back would tie the two files in a circle.
interface OrderShape {
  stage: Stage;
  tasks: readonly { type: string; status: string }[];
  items: readonly { id: string; name: string; status: string }[];
}
type ChangeCommand = { kind: Exclude<ChangeKind, 'changeItems'> } | { kind: 'changeItems'; add: readonly unknown[]; remove: readonly string[] };
interface Refusal {
  type: (typeof COMMAND_ERROR)[keyof typeof COMMAND_ERROR];
  message: string;
}

type ChangeKind = 'changeCustomer' | 'amend' | 'changeItems' | 'changeDelivery';

/** The stages each change is taken in. */
const CHANGE_STAGES: Record<ChangeKind, string> = {
  changeCustomer: 'an open stage',
  amend: 'qualification or prepayment',
  changeItems: 'production',
  changeDelivery: 'an open stage with the delivery not yet done',
};

function fits(state: OrderShape, kind: ChangeKind): boolean {
  switch (kind) {
    case 'changeCustomer':
      return !CLOSED_STAGES.includes(state.stage);
    case 'amend':
      return state.stage === 'qualification' || state.stage === 'prepayment';
    case 'changeItems':
      return state.stage === 'production';
    case 'changeDelivery':
      return !CLOSED_STAGES.includes(state.stage) && !state.tasks.some((t) => t.type === 'delivery' && t.status === 'done');
  }
}

export function changeRefusal(state: OrderShape, command: ChangeCommand): Refusal | null {
  if (!fits(state, command.kind)) {
    return { type: COMMAND_ERROR.wrongStage, message: `The order is in stage ${state.stage}; this change needs ${CHANGE_STAGES[command.kind]}` };
  }
  if (command.kind !== 'changeItems') return null;
  if (command.add.length === 0 && command.remove.length === 0) return { type: COMMAND_ERROR.conflict, message: 'Nothing to add or remove' };
  for (const id of command.remove) {
    const item = state.items.find((i) => i.id === id);
    if (!item) return { type: COMMAND_ERROR.notFound, message: `Row ${id} not found on this order` };
    if (item.status === 'produced') return { type: COMMAND_ERROR.conflict, message: `Row ${id} (${item.name}) is produced already and stays` };
  }
  const left = state.items.filter((i) => !command.remove.includes(i.id)).length + command.add.length;
  if (left === 0) return { type: COMMAND_ERROR.conflict, message: 'An order keeps at least one row: cancel the order instead' };
  return null;
}
