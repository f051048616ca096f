// Generated phone trees for measuring how `ivr explore` grows with the size of
// a flow. Each tree is a valid flow file (`ivr lint` passes it) shaped like a
// real menu: a language choice, an opening-hours check, then menus of up to
// five topics, whose leaves are information (said, then back to the menu), a
// department's transfer behind its own hours check, or a goodbye. Every menu
// also offers the operator (0, behind an hours check) and a repeat (*), and
// retries before giving up to the operator. Deterministic: the same size gives the same file.

const TOPICS_PER_MENU = 5;
/** The kinds of a menu's children, in turn; a menu child is only made while the size allows its own children. */
const CHILD_KINDS = ['menu', 'info', 'department', 'menu', 'goodbye'] as const;
type ChildKind = (typeof CHILD_KINDS)[number];
/** Nodes a department adds: its hours check and its transfer. */
const DEPARTMENT_NODES = 2;
/** A menu is made only with room for at least this many children. */
const MIN_CHILDREN = 2;

type Prompt = Array<Record<string, string>>;
type FlowNode = Record<string, unknown> & { type: string };

export interface PhoneTree {
  /** The flow file's content. */
  flow: Record<string, unknown>;
  nodes: number;
  menus: number;
  /** Menu levels below the main menu. */
  depth: number;
}

/** A phone tree of about `size` nodes (never fewer than the fixed ones, at most a node over). */
export function phoneTree(size: number): PhoneTree {
  const nodes: Record<string, FlowNode> = {};
  const destinations: Record<string, unknown> = {
    operator: { number: '+390200000000', setting: 'DEST_OPERATOR', note: 'Generated for the benchmark.' },
  };
  const both = (it: string, en: string): Prompt => [{ it, en }];

  nodes.welcome = {
    type: 'menu',
    prompt: [
      { language: 'it', text: 'Benvenuto nel servizio clienti.' },
      { language: 'en', text: 'For English, press 1.' },
    ],
    options: [{ key: '1', language: 'en', next: 'opening-hours' }],
    timeoutSeconds: 3,
    otherwise: 'opening-hours',
  };
  nodes['opening-hours'] = { type: 'hours', open: 'menu', closed: 'closed', holiday: 'holiday' };
  nodes.closed = { type: 'say', prompt: both('Il servizio è chiuso. Richiama dalle 9 alle 18.', 'The service is closed. Please call again from 9 am to 6 pm.'), next: 'goodbye' };
  nodes.holiday = { type: 'say', prompt: both('Oggi è festa, {holiday}, e il servizio è chiuso.', 'Today is a public holiday, {holiday}, and the service is closed.'), next: 'goodbye' };
  nodes.goodbye = { type: 'hangup', prompt: both('Grazie per aver chiamato. Arrivederci.', 'Thank you for calling. Goodbye.') };
  nodes.operator = {
    type: 'dial',
    prompt: both('Ti mettiamo in contatto con un operatore.', 'We are connecting you to an operator.'),
    destination: 'operator',
    timeoutSeconds: 30,
    onFailure: 'unavailable',
  };
  // The operator is behind an hours check too, as a caller may still be at a menu when the lines close.
  nodes['operator-hours'] = { type: 'hours', open: 'operator', closed: 'closed', holiday: 'holiday' };
  nodes.unavailable = { type: 'say', prompt: both('Nessun operatore è disponibile.', 'No operator is available.'), next: 'goodbye' };

  // Breadth first, reserving room for each menu's children when it is made.
  let count = Object.keys(nodes).length + 1; // + the main menu
  let reserved = MIN_CHILDREN;
  let serial = 0;
  let menus = 0;
  let depth = 0;
  const queue: Array<{ id: string; label: string; parent: string | undefined; level: number }> = [{ id: 'menu', label: '', parent: undefined, level: 0 }];
  while (queue.length > 0) {
    const menu = queue.shift()!;
    reserved -= MIN_CHILDREN;
    menus++;
    depth = Math.max(depth, menu.level);
    const topics: Array<{ key: string; id: string; it: string; en: string }> = [];
    for (let key = 1; key <= TOPICS_PER_MENU; key++) {
      const room = size - count - reserved;
      if (room < 1 && topics.length >= MIN_CHILDREN) break;
      let kind: ChildKind = CHILD_KINDS[serial++ % CHILD_KINDS.length]!;
      if (kind === 'menu' && room < 1 + MIN_CHILDREN) kind = 'info';
      if (kind === 'department' && room < DEPARTMENT_NODES) kind = 'goodbye';
      const label = menu.label ? `${menu.label}.${key}` : String(key);
      const id = `${kind === 'department' ? 'hours' : kind}-${label.replaceAll('.', '-')}`;
      topics.push({ key: String(key), id, it: `argomento ${label}`, en: `topic ${label}` });
      switch (kind) {
        case 'menu':
          queue.push({ id, label, parent: menu.id, level: menu.level + 1 });
          reserved += MIN_CHILDREN;
          count += 1;
          break;
        case 'info':
          nodes[id] = {
            type: 'say',
            prompt: both(`Ecco le informazioni su argomento ${label}. Torniamo al menu.`, `Here is the information on topic ${label}. Back to the menu.`),
            next: menu.id,
          };
          count += 1;
          break;
        case 'department': {
          const desk = `desk-${label.replaceAll('.', '-')}`;
          destinations[desk] = { number: `+3902${String(1_000_000 + serial).padStart(7, '0')}`, setting: `DEST_DESK_${label.replaceAll('.', '_')}`, note: 'Generated for the benchmark.' };
          nodes[id] = { type: 'hours', open: `dial-${label.replaceAll('.', '-')}`, closed: 'closed', holiday: 'holiday' };
          nodes[`dial-${label.replaceAll('.', '-')}`] = {
            type: 'dial',
            prompt: both(`Ti trasferiamo al reparto ${label}.`, `We are transferring you to department ${label}.`),
            destination: desk,
            timeoutSeconds: 30,
            onFailure: 'unavailable',
          };
          count += DEPARTMENT_NODES;
          break;
        }
        case 'goodbye':
          nodes[id] = { type: 'hangup', prompt: both(`Per argomento ${label} scrivici dal sito. Arrivederci.`, `For topic ${label}, write to us from the website. Goodbye.`) };
          count += 1;
          break;
      }
    }
    nodes[menu.id] = {
      type: 'menu',
      prompt: both(
        [...topics.map((t) => `Per ${t.it}, premi ${t.key}.`), 'Per parlare con un operatore, premi 0.', 'Per riascoltare, premi asterisco.'].join(' '),
        [...topics.map((t) => `For ${t.en}, press ${t.key}.`), 'To speak with an operator, press 0.', 'To hear this again, press star.'].join(' '),
      ),
      options: [...topics.map((t) => ({ key: t.key, next: t.id })), { key: '0', next: 'operator-hours' }, { key: '*', next: menu.id }],
      timeoutSeconds: 5,
      retry: {
        noInput: both('Non abbiamo ricevuto nessuna scelta.', 'We did not receive a choice.'),
        invalid: both('La scelta non è valida.', 'That choice is not valid.'),
        maxAttempts: 3,
        exhausted: 'operator-hours',
      },
    };
  }

  const weekday = [{ open: '09:00', close: '18:00' }];
  const flow = {
    name: `Generated phone tree of ${Object.keys(nodes).length} nodes`,
    source: 'Generated by bench/phoneTree.ts to measure how ivr explore grows; not a real service.',
    languages: { it: { tag: 'it-IT', voice: 'Polly.Bianca' }, en: { tag: 'en-GB', voice: 'Polly.Amy' } },
    defaultLanguage: 'it',
    lines: { main: { number: '+390299999999', start: 'welcome', description: 'Generated line' } },
    defaultLine: 'main',
    hours: {
      timeZone: 'Europe/Rome',
      weekly: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [{ open: '09:00', close: '13:00' }], sun: [] },
      holidays: { country: 'IT', types: ['public'] },
      closures: [],
    },
    destinations,
    errorPrompt: both('Ci scusiamo, si è verificato un problema tecnico. Arrivederci.', 'We are sorry, a technical problem has occurred. Goodbye.'),
    nodes,
  };
  return { flow, nodes: Object.keys(nodes).length, menus, depth };
}
