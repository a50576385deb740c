import type { ExpectedTrap } from './expectedTrap';

/**
 * examples/06_model_serving.ipynb, the .ipynb form of 06_model_serving.py (npm run
 * examples:ipynb): the same traps, each in its cell.
 */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT601', cell: 8, line: 4, why: '90 + 15 = 105' },
  { rule: 'MLT602', cell: 12, line: 3, why: 'the route names "churn-challanger"; the served entity is "churn-challenger"' },
  { rule: 'MLT607', cell: 16, line: 2, why: 'a columns/data body without the dataframe_split wrapper' },
  { rule: 'MLT603', cell: 18, line: 8, why: 'one REST request per row of collect() (the limit(5) warm-up above is fine)' },
  { rule: 'MLT604', cell: 19, line: 5, why: 'the whole at_risk DataFrame goes through toPandas() to predict() on the driver' },
  { rule: 'MLT608', cell: 22, line: 1, why: 'daily_scores is partitioned by score_date (cell 20) and Z-ordered by it' },
  { rule: 'MLT606', cell: 25, line: 2, why: 'hourly window over a readStream DataFrame without withWatermark, written in append mode: Spark refuses to start it' },
  { rule: 'MLT605', cell: 25, line: 8, why: 'the hourly_scores stream goes to a Delta table without checkpointLocation: Spark refuses to start it' },
  { rule: 'MLT609', cell: 27, line: 1, why: 'scored_events comes from spark.readStream (cell 24): Spark refuses .write on it' },
];
