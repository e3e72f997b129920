/**
 * @module plans/repository — what a store of saved plans does: one interface, two back ends
 * (plans/sqlite, plans/postgres) on the storage of api/storage.
 */
import type { PlanFields, PlanPage, PlanSummary, SavedPlan, StoredVersion } from './schema';

/**
 * Storage of saved plans. Every method is atomic: a plan is stored whole or not at all, and a plan
 * whose write returned is durable (it survives a crash of the process). Ids are made by the
 * repository (UUIDs); `savedAt` is the time of the last write, ISO 8601 UTC.
 */
export interface PlanRepository {
  /** `sqlite` or `postgres`, for /api/health and logs. */
  readonly kind: 'sqlite' | 'postgres';
  /** Stores a new plan and returns it with its id and time. */
  create(fields: PlanFields): Promise<SavedPlan>;
  /**
   * Plan summaries, most recently saved first (ties by id): every plan, or with `page` at most
   * `page.limit` of them, starting after `page.after` (the last summary of the previous page; a
   * deleted one is fine).
   */
  list(page?: PlanPage): Promise<PlanSummary[]>;
  /** One plan, or undefined for an unknown id. */
  get(id: string): Promise<SavedPlan | undefined>;
  /**
   * Overwrites the fields given (the others keep their stored value: a rename does not undo a
   * concurrent re-solve), the time, and counts the version up; undefined for an unknown id. With
   * `version`, only if the stored plan is at that version, checked in the same statement as the
   * write.
   * @throws StaleVersionError when the stored plan is at another version (nothing is written).
   */
  update(id: string, fields: Partial<PlanFields>, version?: number): Promise<SavedPlan | undefined>;
  /**
   * Deletes a plan; false when there was none with that id. With `version`, only if the stored plan
   * is at that version.
   * @throws StaleVersionError when the stored plan is at another version (nothing is deleted).
   */
  delete(id: string, version?: number): Promise<boolean>;
  /**
   * The plan's versions as they were saved, newest first, without their answers (each write keeps
   * one, in the write's transaction; a plan saved before migration 6 starts with the version it
   * had); undefined for an unknown id.
   */
  versions(id: string): Promise<StoredVersion[] | undefined>;
  /** One version of a plan, whole, as it was saved; undefined when there is none. */
  version(id: string, version: number): Promise<SavedPlan | undefined>;
  /**
   * Releases what the repository owns (the database, when it opened it alone: `openPlanRepository`);
   * the repository is unusable afterwards.
   */
  close(): Promise<void>;
}

/** A conditional write found the plan at another version than the one named. */
export class StaleVersionError extends Error {
  constructor(
    /** The version named. */
    readonly expected: number,
    /** The version stored. */
    readonly current: number,
  ) {
    super(`the plan is at version ${current}, not ${expected}`);
    this.name = 'StaleVersionError';
  }
}
