import { mlt702DriftTestMismatch } from '../../rules/mlt702-drift-test-mismatch';
import { describeRule } from '../support/ruleTester';

describeRule(mlt702DriftTestMismatch, {
  flagged: [
    {
      name: 'the samples given by keyword (data1=, data2=), as SciPy names them',
      code: `
        from scipy.stats import ks_2samp

        cat_cols = ["plan"]
        for c in ["tenure", "plan"]:
            r = ks_2samp(data1=ref[c], data2=cur[c])
      `,
      findings: [{ line: 5, column: 9, message: 'ks_2samp on the column "plan" (the loop over ["tenure", "plan"] tests it), which is categorical' }],
    },
    {
      name: 'a written-out list of mixed columns tested in a comprehension, a dict comprehension, and inside a try in a loop',
      code: `
        from scipy.stats import ks_2samp

        cat_cols = ["plan"]
        p_values = [ks_2samp(ref[col], cur[col]).pvalue for col in ["tenure", "plan"]]
        by_column = {col: ks_2samp(ref[col], cur[col]) for col in ["tenure", "plan"]}
        for col in ["tenure", "plan"]:
            try:
                result = ks_2samp(ref[col], cur[col])
            except ValueError:
                result = None
      `,
      findings: [
        { line: 4, column: 13, message: 'ks_2samp on the column "plan" (the loop over ["tenure", "plan"] tests it), which is categorical' },
        { line: 5, column: 19, message: 'ks_2samp on the column "plan"' },
        { line: 8, column: 18, message: 'ks_2samp on the column "plan"' },
      ],
    },
    {
      name: "a written-out list the loop walks, one of its columns cast to category in the file (the monitor-output page's drift check)",
      code: `
        from scipy.stats import ks_2samp
        ref["plan"] = ref["plan"].astype("category")
        cur["plan"] = cur["plan"].astype("category")
        for col in ["country", "plan"]:
            stat, p = ks_2samp(ref[col], cur[col])
      `,
      findings: [{ line: 5, column: 15, message: 'ks_2samp on the column "plan" (the loop over ["country", "plan"] tests it), which is categorical' }],
    },
    {
      name: 'chi-squared in a loop over a written-out list with a numeric column',
      code: `
        from scipy.stats import chisquare
        ref["amount"] = ref["amount"].astype(float)
        for col in ("amount", "plan"):
            counts = ref[col].value_counts()
            chisquare(counts)
      `,
      findings: [{ line: 5, column: 5, message: 'chisquare on the column "amount" (the loop over ("amount", "plan") tests it), which is numeric' }],
    },
    {
      name: 'KS on a column the loop has just set to the category codes of a categorical column',
      code: `
        import pandas as pd
        from scipy.stats import ks_2samp
        categorical_cols = ["plan", "region"]
        for col in categorical_cols:
            ref[f"{col}_encoded"] = ref[col].astype("category").cat.codes
            cur[f"{col}_encoded"] = cur[col].astype("category").cat.codes
            stat, p = ks_2samp(ref[f"{col}_encoded"], cur[f"{col}_encoded"])
      `,
      findings: [{ line: 7, column: 15, message: 'ks_2samp on a column cast to "category", which is categorical' }],
    },
    {
      name: 'chi2_contingency on the joined value counts of a numeric column, and on a crosstab of its two samples against their labels',
      code: `
        import pandas as pd
        from scipy.stats import chi2_contingency
        num_cols = ["amount", "account_age_days"]
        for c in num_cols:
            counts = pd.concat([reference[c].value_counts(), current[c].value_counts()], axis=1).fillna(0)
            chi2_contingency(counts.T)
            table = pd.crosstab(pd.concat([reference[c], current[c]]), ["ref"] * len(reference) + ["cur"] * len(current))
            chi2_contingency(table)
      `,
      findings: [
        { line: 6, column: 5, message: 'chi2_contingency on a column of num_cols, which is numeric' },
        { line: 8, column: 5, message: 'chi2_contingency on a column of num_cols, which is numeric' },
      ],
    },
    {
      name: 'chisquare on sorted value counts held in names, and KS on a categorical column\'s category codes',
      code: `
        from scipy import stats
        num_cols = ["amount", "txn_per_day"]
        for c in num_cols:
            observed = current[c].value_counts().sort_index()
            expected = reference[c].value_counts().sort_index()
            stats.chisquare(observed, expected)
        baseline["plan"] = baseline["plan"].astype("category")
        stats.ks_2samp(baseline["plan"].cat.codes, today["plan"].cat.codes)
      `,
      findings: [
        { line: 6, column: 5, message: 'chisquare on a column of num_cols, which is numeric' },
        { line: 8, column: 1, message: 'ks_2samp on the column "plan", which is categorical' },
      ],
    },
    {
      name: 'ks_2samp imported under another name, in a later cell',
      code: `
        # Databricks notebook source
        cat_cols = ["segment", "region"]

        # COMMAND ----------

        from scipy.stats import ks_2samp as ks
        results = {c: ks(train_pdf[c], serving_pdf[c]).pvalue for c in cat_cols}
      `,
      findings: [{ line: 7, column: 15, message: 'ks_2samp on a column of cat_cols, which is categorical' }],
    },
    {
      name: 'chi2_contingency on a column cast to double (a numeric column)',
      code: `
        import pandas as pd
        from pyspark.sql import functions as F
        from scipy.stats import chi2_contingency
        df = raw.withColumn("amount", F.col("amount").cast("double"))
        chi2_contingency(pd.crosstab(df_pd["amount"], df_pd["amount"]))
        chi2_contingency([ref["amount"].value_counts(), cur["amount"].value_counts()])
      `,
      findings: [{ line: 6, column: 1, message: 'chi2_contingency on the column "amount", which is numeric: chi-squared compares category counts' }],
    },
    {
      name: 'ks_2samp over a list named cat_cols',
      code: `
        from scipy.stats import ks_2samp
        cat_cols = ["country", "plan"]
        for col in cat_cols:
            statistic, p_value = ks_2samp(reference_pdf[col], current_pdf[col])
      `,
      findings: [{ line: 4, column: 26, message: 'ks_2samp on a column of cat_cols, which is categorical' }],
    },
    {
      name: 'ks_2samp on a column listed in an annotated list whose name says categorical, with a non-ASCII letter',
      code: `
        from scipy.stats import ks_2samp
        str_ü_spalten: list[str] = ["country", "plan"]
        statistic, p_value = ks_2samp(reference_pdf["country"], current_pdf["country"])
      `,
      findings: [{ line: 3, column: 22, message: 'ks_2samp on the column "country", which is categorical' }],
    },
    {
      name: 'ks_2samp on a column typed StringType in a schema',
      code: `
        from pyspark.sql.types import StructType, StructField, StringType, DoubleType
        from scipy import stats
        schema = StructType([StructField("country", StringType()), StructField("amount", DoubleType())])
        result = stats.ks_2samp(ref["country"].values, cur["country"].values)
      `,
      findings: [{ line: 4, column: 10, message: 'the column "country"' }],
    },
    {
      name: 'kstest on a column cast to category',
      code: `
        import scipy.stats as st
        ref["plan"] = ref["plan"].astype("category")
        st.kstest(ref["plan"], cur["plan"])
      `,
      findings: [{ line: 3, column: 1 }],
    },
    {
      name: 'chisquare on a column of a DDL schema typed DOUBLE',
      code: `
        from scipy.stats import chisquare
        events = spark.read.schema("customer_id STRING, amount DOUBLE, country STRING").json(path)
        chisquare(cur["amount"].value_counts(), ref["amount"].value_counts())
      `,
      findings: [{ line: 3, column: 1, message: 'chisquare on the column "amount", which is numeric' }],
    },
    {
      name: 'chi2_contingency over numeric_features, counts bound to names',
      code: `
        from scipy.stats import chi2_contingency
        def drift(ref, cur, numeric_features):
            for i, feature in enumerate(numeric_features):
                ref_counts = ref[feature].value_counts()
                cur_counts = cur[feature].value_counts()
                yield chi2_contingency([ref_counts, cur_counts])
      `,
      findings: [{ line: 6, column: 15, message: 'a column of numeric_features' }],
    },
    {
      name: 'ks_2samp in a comprehension over categorical_features (a parameter)',
      code: `
        from scipy.stats import ks_2samp
        def report(ref, cur, categorical_features):
            return {c: ks_2samp(ref[c], cur[c]).pvalue for c in categorical_features}
      `,
      findings: [{ line: 3, column: 16 }],
    },
    {
      name: 'ks_2samp over a literal list of columns that a schema types as strings',
      code: `
        from scipy.stats import ks_2samp
        df = spark.createDataFrame(rows, "country STRING, plan STRING, tenure INT")
        for col in ["country", "plan"]:
            ks_2samp(ref[col].dropna(), cur[col].dropna())
      `,
      findings: [{ line: 4, column: 5 }],
    },
  ],
  silent: [
    {
      name: 'lists named for what they are not (non_numeric_cols, not_categorical_features) or for encodings of categories',
      code: `
        from scipy.stats import chi2_contingency, ks_2samp
        non_numeric_cols = ["plan", "country"]
        for c in non_numeric_cols:
            chi2_contingency(pd.crosstab(ref[c], cur[c]))
        not_categorical_features = ["tenure", "amount"]
        for c in not_categorical_features:
            ks_2samp(ref[c], cur[c])
        target_encoded_cat_cols = ["plan_te"]
        for c in target_encoded_cat_cols:
            ks_2samp(ref[c], cur[c])
      `,
    },
    {
      name: 'comprehensions that choose the test per column or filter the columns, and a KS test run only in an except handler',
      code: `
        from scipy.stats import chi2_contingency, ks_2samp

        cat_cols = ["plan"]
        chosen = [ks_2samp(ref[col], cur[col]) if col not in cat_cols else chi2_contingency(table(col)) for col in ["tenure", "plan"]]
        numeric_only = [ks_2samp(ref[col], cur[col]) for col in ["tenure", "plan"] if col not in cat_cols]
        for col in ["tenure", "plan"]:
            try:
                result = chi2_contingency(table(col))
            except ValueError:
                result = ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'a written-out list of mixed columns, the test chosen by kind inside the loop',
      code: `
        from scipy.stats import ks_2samp, chi2_contingency
        ref["plan"] = ref["plan"].astype("category")
        for col in ["tenure", "plan"]:
            if str(ref[col].dtype) == "category":
                chi2_contingency(pd.crosstab(ref[col], cur[col]))
            else:
                ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'a written-out list whose categorical column the loop skips before the KS test',
      code: `
        from scipy.stats import ks_2samp
        ref["plan"] = ref["plan"].astype("category")
        for col in ["tenure", "plan"]:
            if col == "plan":
                continue
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'a written-out list of columns of unknown kinds',
      code: `
        from scipy.stats import ks_2samp
        for col in ["tenure", "plan"]:
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'KS on a column the loop has set to a number computed from a categorical column (its length)',
      code: `
        import pandas as pd
        from scipy.stats import ks_2samp
        categorical_cols = ["plan", "region"]
        for col in categorical_cols:
            ref[f"{col}_len"] = ref[col].str.len()
            cur[f"{col}_len"] = cur[col].str.len()
            stat, p = ks_2samp(ref[f"{col}_len"], cur[f"{col}_len"])
      `,
    },
    {
      name: 'a raw string column cast to double before the KS test (withColumn cast)',
      code: `
        from pyspark.sql.types import StructType, StructField, StringType
        from pyspark.sql import functions as F
        from scipy.stats import ks_2samp
        raw = spark.read.schema(StructType([StructField("amount", StringType())])).csv(path)
        typed = raw.withColumn("amount", F.col("amount").cast("double"))
        ks_2samp(ref_pdf["amount"], cur_pdf["amount"])
      `,
    },
    {
      name: 'a DDL string column cast with DoubleType().alias, and pd.to_numeric',
      code: `
        from pyspark.sql.types import DoubleType
        from pyspark.sql import functions as F
        from scipy.stats import ks_2samp
        raw = spark.read.schema("amount STRING, tenure STRING").csv(path)
        typed = raw.select(F.col("amount").cast(DoubleType()).alias("amount"))
        ref_pdf["tenure"] = pd.to_numeric(ref_pdf["tenure"])
        ks_2samp(ref_pdf["amount"], cur_pdf["amount"])
        ks_2samp(ref_pdf["tenure"], cur_pdf["tenure"])
      `,
    },
    {
      name: 'ks_2samp on numeric columns',
      code: `
        from scipy.stats import ks_2samp
        num_cols = ["amount", "tenure"]
        for col in num_cols:
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'chi-squared on categorical columns',
      code: `
        from scipy.stats import chi2_contingency, chisquare
        cat_cols = ["country", "plan"]
        for col in cat_cols:
            chisquare(cur[col].value_counts(), ref[col].value_counts())
            chi2_contingency([ref[col].value_counts(), cur[col].value_counts()])
      `,
    },
    {
      name: 'a column listed in a list whose name holds a kind word only inside a longer word (stringent_spalten)',
      code: `
        from scipy.stats import ks_2samp
        stringent_spalten = ["country", "plan"]
        ks_2samp(ref["country"], cur["country"])
      `,
    },
    {
      name: 'a column whose kind is unknown',
      code: `
        from scipy.stats import ks_2samp
        ks_2samp(ref["country"], cur["country"])
        for col in columns:
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'a local function called ks_2samp',
      code: `
        def ks_2samp(a, b):
            return 0
        cat_cols = ["country"]
        for col in cat_cols:
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'binned numeric values in chi-squared (pd.cut)',
      code: `
        import pandas as pd
        from scipy.stats import chi2_contingency
        num_cols = ["amount"]
        for col in num_cols:
            chi2_contingency(pd.crosstab(pd.cut(ref[col], 10), cur_labels))
      `,
    },
    {
      name: 'a column typed both ways in two schemas',
      code: `
        from scipy.stats import ks_2samp
        a = spark.read.schema("code STRING").json(p)
        b = spark.read.schema("code INT").json(q)
        ks_2samp(ref["code"], cur["code"])
      `,
    },
    {
      name: 'chi-squared independence test between two different columns',
      code: `
        from scipy.stats import chi2_contingency
        df = spark.createDataFrame(rows, "country STRING, amount DOUBLE, churned INT")
        chi2_contingency([ref["churned"].value_counts(), ref["amount"].value_counts()])
      `,
    },
    {
      name: 'a list whose name says both (num_cat_cols)',
      code: `
        from scipy.stats import ks_2samp
        for col in num_cat_cols:
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'mixed lists concatenated',
      code: `
        from scipy.stats import ks_2samp
        for col in cat_cols + num_cols:
            ks_2samp(ref[col], cur[col])
      `,
    },
    {
      name: 'ks_2samp on codes of an unrelated object, and text in a comment',
      code: `
        from scipy.stats import ks_2samp
        cat_cols = ["country"]
        # for col in cat_cols: ks_2samp(ref[col], cur[col])
        ks_2samp(ref_scores, cur_scores)
      `,
    },
  ],
  fixes: [],
});
