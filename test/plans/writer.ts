/**
 * A writer process for the durability tests: opens the plan store the environment names (DATA_DIR
 * or DATABASE_URL), creates WRITER_COUNT plans (0: until killed) named `WRITER_TAG-i`, renames
 * every even one to `…-renamed`, and prints each id on its own line only after the write returned
 * (the print is synchronous on a pipe), then `done`.
 */
import { readFileSync, writeSync } from 'node:fs';
import { openPlanRepository } from '../../api/plans';
import { numbered, type Fixture } from './fixture';

const f = JSON.parse(readFileSync(process.env.WRITER_FIXTURE!, 'utf8')) as Fixture;
const tag = process.env.WRITER_TAG ?? 'w';
const count = Number(process.env.WRITER_COUNT ?? 0);
const plans = await openPlanRepository(process.env);
for (let i = 0; count === 0 || i < count; i++) {
  const saved = await plans.create(numbered(f, tag, i));
  if (i % 2 === 0) await plans.update(saved.id, { name: `${tag}-${i}-renamed` });
  writeSync(1, `${saved.id} ${i}\n`);
}
await plans.close();
writeSync(1, 'done\n');
