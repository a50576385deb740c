import type { ExpectedTrap } from './expectedTrap';

/** examples/06_model_serving.py, read by hand: each trap once, the rest silent. */
export const expected: ExpectedTrap[] = [
  { rule: 'MLT601', line: 55, why: '90 + 15 = 105' },
  { rule: 'MLT602', line: 100, why: 'the route names "churn-challanger"; the served entity is "churn-challenger"' },
  { rule: 'MLT607', line: 128, why: 'a columns/data body without the dataframe_split wrapper' },
  { rule: 'MLT603', line: 147, why: 'one REST request per row of collect() (the limit(5) warm-up above is fine)' },
  { rule: 'MLT604', line: 160, why: 'the whole at_risk DataFrame goes through toPandas() to predict() on the driver' },
  { rule: 'MLT608', line: 178, why: 'daily_scores is partitioned by score_date and Z-ordered by it' },
  { rule: 'MLT606', line: 203, why: 'hourly window over a readStream DataFrame without withWatermark, written in append mode: Spark refuses to start it' },
  { rule: 'MLT605', line: 209, why: 'the hourly_scores stream goes to a Delta table without checkpointLocation: Spark refuses to start it' },
  { rule: 'MLT609', line: 221, why: 'scored_events comes from spark.readStream: Spark refuses .write on it' },
];
