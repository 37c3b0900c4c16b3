// The steps one run's validators may take together. Linear-time matching is not cheap on its
// own: RE2 can take (program size x text length) steps, and a schema (subschemas x JSON values),
// so each validator's cost is estimated before it runs (and each pattern's before it matches),
// and one over what is left fails with a message instead of running.

/**
 * An RE2 step is one program instruction on one character, a schema step one subschema applied
 * to one JSON value. Measured with re2js and ajv on this machine, a step takes 15-35 ns at worst:
 * at most ~0.35 s of the 2 s of CPU a request has.
 */
export const VALIDATION_BUDGET = 10_000_000;

export class OverBudget extends Error {}

export class Budget {
  constructor(private left: number = VALIDATION_BUDGET) {}

  /** Takes `steps` from the budget, or throws OverBudget (its message is the validator's). */
  spend(steps: number, what: string): void {
    if (steps > this.left) {
      throw new OverBudget(
        `not checked: ${what} could take ${Math.ceil(steps)} steps on this output, more than ` +
          `the ${this.left} left of the run's validation budget (${VALIDATION_BUDGET} steps)`,
      );
    }
    this.left -= steps;
  }
}
