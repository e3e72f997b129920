/**
 * @module units — the model's money unit, in a module of its own so that every part can import it
 * without importing the economics that use it.
 */

/** Money inside the model is in $M: 1 $M = 1e6 USD. */
export const USD_PER_MODEL_UNIT = 1e6;
