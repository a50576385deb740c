/**
 * An "exam hint" for an API: what hovering a use of it shows (setting `mltraps.examHints`),
 * and what `mltraps explain <key>` prints. Cards are data, one file per area in this folder,
 * their facts taken from the rule catalogue and the exam material it quotes.
 */
import type { ExamDomain, Reference } from '../engine/types';

export interface ApiCard {
  /** Stable key, what `mltraps explain` accepts: `mapInPandas`, `mlflow.pyfunc.spark_udf`. */
  key: string;
  /** The signature as the card's heading: `DataFrame.mapInPandas(func, schema)`. */
  title: string;
  /** How a use in code is recognised; a card matches when any of these does. */
  match: ApiMatch;
  /** What it does, in one or two sentences. */
  what: string;
  /** What the exam expects of it. */
  examFact: string;
  /** The look-alike it is confused with, and how to tell them apart. */
  confusedWith?: string;
  /** Rules about this API (ids), linked from the card. */
  relatedRules: string[];
  /** A short correct usage, shown as a code block. */
  example?: string;
  /** The exam domain whose material covers the API. */
  domain?: ExamDomain;
  /** Set for a legacy API (stages, registry webhooks, Hyperopt, online tables, `served_models`): what replaced it. */
  legacy?: string;
  /** Where the study material states something wrong: "The study material says ...; in fact ...". */
  studyMaterial?: string;
  /** Official docs pages that back the card. */
  references?: Reference[];
}

export interface ApiMatch {
  /**
   * Dotted paths resolved through the file's imports (`mlflow.pyfunc.spark_udf`). A path may
   * name a class method by its class (`mlflow.MlflowClient.transition_model_version_stage`),
   * which matches calls on instances of that class too.
   */
  qualifiedNames?: string[];
  /**
   * Method or attribute names matched on any receiver whose type is not known (DataFrame
   * methods: `mapInPandas`, `withWatermark`), optionally only when the receiver chain
   * mentions one of `receiverHints` (`readStream`, `groupBy`).
   */
  methods?: string[];
  receiverHints?: string[];
  /** Keyword argument names that identify the API (`timestamp_keys=` of create_table). */
  keywords?: string[];
  /**
   * String literal values that identify it (`"dataframe_split"`, `"versionAsOf"`, SQL `RESTORE`):
   * a literal matches when its whole value is the entry. An entry of upper-case words
   * (`RESTORE TABLE`, `ZORDER BY`) also matches as words inside SQL text: a string passed to
   * `spark.sql(...)` or starting with a SQL statement.
   */
  strings?: string[];
}
