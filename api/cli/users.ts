/**
 * @module cli/users — `switchyard users …` and `switchyard tokens …`: the users, roles and API
 * tokens of the database the environment names (DATA_DIR or DATABASE_URL, as the server).
 * Passwords are read from SWITCHYARD_PASSWORD, else from stdin (a prompt without echo on a
 * terminal).
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { authStore, type AuthStore } from '../auth';
import { addUser, createToken, isRefusal, removeUser, updateUser } from '../auth/manage';
import { PasswordSchema, RoleSchema } from '../auth/schema';
import { UserNameSchema } from '../auth/store';
import { openStorage } from '../storage';
import { UsageError, type Command } from './types';

/** Runs `work` on the auth store of the environment's database, closed afterwards. */
async function withStore<T>(work: (store: AuthStore) => Promise<T>): Promise<T> {
  const storage = await openStorage(process.env);
  try {
    return await work(authStore(storage));
  } finally {
    await storage.close();
  }
}

/** One line typed on the terminal, not echoed. */
function promptHidden(question: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const out = rl as unknown as { _writeToOutput(s: string): void };
  out._writeToOutput = (s: string) => {
    if (s.startsWith(question)) process.stderr.write(question);
  };
  return new Promise((resolve) =>
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    }),
  );
}

/**
 * The new password: SWITCHYARD_PASSWORD when set, else typed twice on a terminal, else all of
 * stdin without its final newline (`printf %s "$PW" | switchyard users add …`).
 * @throws UsageError when it is too short or long, or the two typed differ.
 */
async function readPassword(): Promise<string> {
  let password = process.env.SWITCHYARD_PASSWORD ?? '';
  if (!password && process.stdin.isTTY) {
    password = await promptHidden('Password: ');
    if ((await promptHidden('Again: ')) !== password)
      throw new UsageError('the two passwords differ');
  } else if (!password) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    password = text.replace(/\r?\n$/, '');
  }
  const checked = PasswordSchema.safeParse(password);
  if (!checked.success)
    throw new UsageError(`password ${checked.error.issues[0]?.message ?? 'is not valid'}`);
  return password;
}

function userName(value: string | undefined): string {
  const checked = UserNameSchema.safeParse(value ?? '');
  if (!checked.success)
    throw new UsageError(`user name ${checked.error.issues[0]?.message ?? 'is not valid'}`);
  return checked.data;
}

function role(value: string | undefined) {
  const checked = RoleSchema.safeParse(value);
  if (!checked.success) throw new UsageError('--role must be viewer, editor or admin');
  return checked.data;
}

/** Prints a refusal (exit 1) or `done` (exit 0). */
function report(result: unknown, done: string): number {
  if (isRefusal(result)) {
    console.error(`switchyard: ${result.message}`);
    return 1;
  }
  console.log(done);
  return 0;
}

/** `users add|list|remove|set-role|set-password`. */
export const usersCommand: Command = {
  summary: 'manage who may sign in: users add NAME --role viewer|editor|admin, list, remove, …',
  usage:
    'users add NAME --role viewer|editor|admin | users list | users remove NAME | ' +
    'users set-role NAME --role ROLE | users set-password NAME   ' +
    '(the password from SWITCHYARD_PASSWORD or stdin)',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { role: { type: 'string' } },
    });
    const [action, name] = positionals;
    switch (action) {
      case 'add': {
        const n = userName(name);
        const r = role(values.role);
        const password = await readPassword();
        const out = await withStore((s) => addUser(s, n, r, password));
        return report(out, `added ${n} (${r})`);
      }
      case 'list':
        return withStore(async (s) => {
          const users = await s.listUsers();
          for (const u of users) console.log(`${u.name}\t${u.role}\t${u.createdAt}`);
          if (!users.length)
            console.error('no users: sign-in is off (the server stays on loopback)');
          return 0;
        });
      case 'remove': {
        const n = userName(name);
        return report(await withStore((s) => removeUser(s, n)), `removed ${n}`);
      }
      case 'set-role': {
        const n = userName(name);
        const r = role(values.role);
        return report(await withStore((s) => updateUser(s, n, { role: r })), `${n} is now ${r}`);
      }
      case 'set-password': {
        const n = userName(name);
        const password = await readPassword();
        const out = await withStore((s) => updateUser(s, n, { password }));
        return report(out, `new password for ${n}; their sessions are ended`);
      }
      default:
        throw new UsageError(`unknown action "${action ?? ''}"`);
    }
  },
};

/** `tokens create|list|revoke`. */
export const tokensCommand: Command = {
  summary: 'API tokens for scripts: tokens create --user NAME [--label L], list, revoke ID',
  usage: 'tokens create --user NAME [--label TEXT] | tokens list | tokens revoke ID',
  async run(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { user: { type: 'string' }, label: { type: 'string', default: '' } },
    });
    const [action, id] = positionals;
    switch (action) {
      case 'create': {
        const user = userName(values.user);
        const out = await withStore((s) => createToken(s, user, values.label ?? ''));
        if (isRefusal(out)) return report(out, '');
        // The token alone on stdout (for `TOKEN=$(switchyard tokens create …)`); it is shown once.
        console.error(`token ${out.id} for ${user}; it is shown this once:`);
        console.log(out.token);
        return 0;
      }
      case 'list':
        return withStore(async (s) => {
          for (const t of await s.listTokens())
            console.log(
              `${t.id}\t${t.user}\t${t.revokedAt ? `revoked ${t.revokedAt}` : 'active'}\t${t.label}`,
            );
          return 0;
        });
      case 'revoke': {
        if (!id) throw new UsageError('name the token id (tokens list shows them)');
        const ok = await withStore((s) => s.revokeToken(id));
        if (ok) console.log(`revoked ${id}`);
        else console.error(`switchyard: no API token "${id}"`);
        return ok ? 0 : 1;
      }
      default:
        throw new UsageError(`unknown action "${action ?? ''}"`);
    }
  },
};
