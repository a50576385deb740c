import * as assert from 'node:assert/strict';
import { mlt704HardcodedToken } from '../../rules/mlt704-hardcoded-token';
import { describeRule } from '../support/ruleTester';
import { testLinter } from '../support/linter';
import { fileSource } from '../../rules/engine/programParser';

const PAT = 'dapi0123456789abcdef0123456789abcdef';

describeRule(mlt704HardcodedToken, {
  flagged: [
    {
      name: 'a generated password that merely contains foobar is no placeholder',
      code: `
        connect(host="db.prod.internal", password="xK9#foobarQ2$mZ7")
      `,
      findings: [{ line: 1, column: 43, message: 'hard-coded' }],
    },
    {
      name: 'logins to a server elsewhere, or where S3 is pointed at this machine and at a shared endpoint too',
      code: `
        import os
        import psycopg2
        os.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost:9000"
        os.environ["AWS_ENDPOINT_URL"] = "https://minio.example.com"
        os.environ["AWS_SECRET_ACCESS_KEY"] = "Xk29dlsZp0q"
        conn = psycopg2.connect(host="db.internal.example.com", password="Pg-2024-prod")
        plain = psycopg2.connect(password="Pg-2024-prod2")
        remote = psycopg2.connect(host=os.environ.get("DB_HOST", "db.internal.example.com"), password="Pg-2024-prod3")
        unset = psycopg2.connect(host=os.environ["DB_HOST"], password="Pg-2024-prod4")
      `,
      findings: [
        { line: 5, column: 39, message: 'hard-coded value of the AWS_SECRET_ACCESS_KEY environment variable' },
        { line: 6, column: 66, message: 'hard-coded password= literal' },
        { line: 7, column: 35, message: 'hard-coded password= literal' },
        { line: 8, column: 95, message: 'hard-coded password= literal' },
        { line: 9, column: 63, message: 'hard-coded password= literal' },
      ],
    },
    {
      name: 'a token in a shell line of a Python cell (an install from a private index)',
      code: `
        # Databricks notebook source
        !pip install --index-url https://token:dapi0123456789abcdef0123456789abcdef@pkgs.example.com/simple churnlib
        import churnlib
      `,
      findings: [{ line: 2, column: 40, message: 'hard-coded Databricks personal access token: anyone who can read the code' }],
    },
    {
      name: 'a token on a line that a shell escape carries on to with a backslash, and in a shell escape of an export\'s %python cell',
      code: `
        # Databricks notebook source
        !pip install churnlib \\
            --index-url https://token:dapi0123456789abcdef0123456789abcdef@pkgs.example.com/simple
        import churnlib

        # COMMAND ----------

        # MAGIC %python
        # MAGIC !pip install --extra-index-url https://x:dapi89abcdef0123456789abcdef01234567@pkgs.example.com/simple scorer
        # MAGIC import scorer
      `,
      findings: [
        { line: 3, column: 31, message: 'hard-coded Databricks personal access token: anyone who can read the code' },
        { line: 9, column: 50, message: 'hard-coded Databricks personal access token: anyone who can read the code' },
      ],
    },
    {
      name: 'a token in quotes in a cell that does not compile: a curl command pasted without %sh, a Python 2 print beside a token string',
      code: `
        # Databricks notebook source
        curl -X GET https://adb-1.azuredatabricks.net/api/2.0/clusters/list -H "Authorization: Bearer dapi0123456789abcdef0123456789abcdef"

        # COMMAND ----------

        print "listing clusters"
        TOKEN = "dapi89abcdef0123456789abcdef01234567"
      `,
      findings: [
        { line: 2, column: 72, message: 'hard-coded Databricks personal access token: anyone who can read the code' },
        { line: 7, column: 9, message: 'hard-coded Databricks personal access token: anyone who can read the code' },
      ],
    },
    {
      name: 'a token written as code outside any string: shell commands pasted into a cell without %sh (the cell does not compile), a bare name',
      code: `
        # Databricks notebook source
        databricks secrets put --scope reg --key reg-token --string-value dapi0123456789abcdef0123456789abcdef-2

        # COMMAND ----------

        token = dapi89abcdef0123456789abcdef01234567
      `,
      findings: [
        { line: 2, column: 67, message: 'hard-coded Databricks personal access token: anyone who can read the code' },
        { line: 6, column: 9, message: 'hard-coded Databricks personal access token: anyone who can read the code' },
      ],
    },
    {
      name: 'secrets whose letters only look like a disclaimer (notary-key-..., CannotAKey, a passphrase, Spanish)',
      code: `
        import os
        os.environ["SECRET_KEY"] = "notary-key-7f3c9a1e5b2d"
        os.environ["DB_PASSWORD"] = "CannotAKey!2024zz"
        os.environ["APP_SECRET"] = "marble-not-a-keyhole-7731-Quartz"
        os.environ["API_TOKEN"] = "NotaSecreta#2024"
      `,
      findings: [
        { line: 2, column: 28, message: 'hard-coded value of the SECRET_KEY environment variable' },
        { line: 3, column: 29 },
        { line: 4, column: 28 },
        { line: 5, column: 27 },
      ],
    },
    {
      name: 'a generated secret= value written as dash-grouped hex (a UUID) is a secret, not a stored secret\'s name',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec
        spec = HttpUrlSpec(url="https://hooks.example.com/x", secret="3f2a9c1e-7b4d-4e2a-9c1e-7b4d4e2a9c1e")
      `,
      findings: [{ line: 2, column: 62, message: 'hard-coded secret= literal' }],
    },
    {
      name: 'a webhook signing secret in code that imports the registry webhooks client: Databricks code, told to use a secret scope',
      code: `
        from databricks_registry_webhooks import HttpUrlSpec, RegistryWebhooksClient
        spec = HttpUrlSpec(url="https://hooks.example.com/x", secret="Zk3v9Qp2Lw8s")
      `,
      findings: [{ line: 2, column: 62, message: 'hard-coded secret= literal: anyone who can read the code or its history can use it; read it from a secret scope with dbutils.secrets.get' }],
    },
    {
      name: 'a credential written into an environment variable: subscript (os.environ, environ imported), setdefault and putenv, PGPASSWORD, a $ among a password\'s characters, a variable name held in a constant, os.environ under another name',
      code: `
        import os
        from os import environ
        os.environ['MLFLOW_TRACKING_PASSWORD'] = '6d730ef4a90b1caf28fbb01e5748f0874fda6077'
        environ["AWS_SECRET_ACCESS_KEY"] = "WPZnfkNEOlpdZ32hwVGhQ6PNiPPjmFZEajnWUMRe"
        KAGGLE = "KGAT_d7a0018cbb8131f82d3dd175d2e4cdb6"
        os.environ.setdefault("KAGGLE_API_TOKEN", KAGGLE)
        os.putenv("DATABRICKS_CLIENT_SECRET", "dose8f3a9b2c1d7e")
        TOKEN_VAR = "DATABRICKS_TOKEN"
        os.environ["PGPASSWORD"] = "pa$$word1"
        os.environ[TOKEN_VAR] = "pQ7xV2mL9sK4rT8wZ3nB"
        env = os.environ
        env["HF_TOKEN"] = "hf_AbCdEfGhIjKlMnOpQr"
      `,
      findings: [
        { line: 3, column: 42, message: 'hard-coded value of the MLFLOW_TRACKING_PASSWORD environment variable: anyone who can read the code or its history can use it; read it from an environment variable or a secret manager at run time' },
        { line: 4, column: 36, message: 'hard-coded value of the AWS_SECRET_ACCESS_KEY environment variable' },
        { line: 5, column: 10, message: 'hard-coded value of the KAGGLE_API_TOKEN environment variable' },
        { line: 7, column: 39, message: 'hard-coded value of the DATABRICKS_CLIENT_SECRET environment variable' },
        { line: 9, column: 28, message: 'hard-coded value of the PGPASSWORD environment variable' },
        { line: 10, column: 25, message: 'hard-coded value of the DATABRICKS_TOKEN environment variable' },
        { line: 12, column: 19, message: 'hard-coded value of the HF_TOKEN environment variable' },
      ],
    },
    {
      name: "a registry webhook's signing secret written into HttpUrlSpec",
      code: `
        from databricks_registry_webhooks import RegistryWebhooksClient, HttpUrlSpec
        spec = HttpUrlSpec(url="https://hooks.example.com/x", secret="s3cr3t-Signing-Key-9f8e7d", enable_ssl_verification=True)
        RegistryWebhooksClient().create_webhook(model_name="m", events=["MODEL_VERSION_CREATED"], http_url_spec=spec)
      `,
      findings: [{ line: 2, column: 62, message: 'hard-coded secret= literal' }],
    },
    {
      name: 'a comment between the keyword and its value, inside the call',
      code: `
        import psycopg2
        conn = psycopg2.connect(host="db", user="ml", password  # the service account's
                                = "s3cr3t-Pa55w0rd")
      `,
      findings: [{ line: 3, column: 27, message: 'hard-coded password= literal' }],
    },
    {
      name: 'a real personal access token in test code is still reported',
      fileName: 'tests/test_client.py',
      code: `
        def test_headers():
            token = "dapi0123456789abcdef0123456789abcdef"
            assert build_headers(token) == {"Authorization": f"Bearer {token}"}
      `,
      findings: [{ line: 2, column: 13 }],
    },
    {
      name: 'a bearer token bound to a name and interpolated into the header (f-string, +, %, format)',
      code: `
        api_token = "eyJhbGciOiJIUzI1NiJ9.e30.abc123"
        h1 = {"Authorization": f"Bearer {api_token}"}
        other_token = "ghp_AbC123dEf456GhI789"
        h2 = {"Authorization": "Bearer " + other_token}
        third = "sk_live_51HxYzAbCdEf"
        h3 = {"Authorization": "Bearer %s" % third}
        fourth = "AbCdEf123456ghIJ"
        h4 = {"Authorization": "Bearer {}".format(fourth)}
      `,
      findings: [
        { line: 1, column: 13, message: 'hard-coded bearer token, sent in an Authorization header' },
        { line: 3, column: 15 },
        { line: 5, column: 9 },
        { line: 7, column: 10 },
      ],
    },
    {
      name: 'a real personal access token in test code is still reported',
      fileName: 'tests/test_client.py',
      code: `
        def test_client():
            w = WorkspaceClient(host="https://example", token="${PAT}")
      `,
      findings: [{ line: 2, column: 55, message: "personal access token" }],
    },
    {
      name: 'a personal access token in a variable',
      code: `
        DATABRICKS_TOKEN = "${PAT}"
      `,
      findings: [{ line: 1, column: 20, message: 'hard-coded Databricks personal access token' }],
    },
    {
      name: 'a token with its -N suffix in an Authorization header',
      code: `
        headers = {"Authorization": "Bearer ${PAT}-2"}
      `,
      findings: [{ line: 1, column: 29, message: 'personal access token' }],
    },
    {
      name: 'a bearer token that is not a PAT',
      code: `
        headers = {"Authorization": 'Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc123'}
      `,
      findings: [{ line: 1, column: 29, message: 'hard-coded bearer token in an Authorization header' }],
    },
    {
      name: 'values the trigger must still see: on the next line after a comment, in parentheses, a name followed by a comment, a raw string',
      code: `
        import psycopg2
        PASSWORD = "hunter2-prod!"
        a = psycopg2.connect(host="db", password=  # the service account's
            "s3cr3t-Pa55w0rd")
        b = psycopg2.connect(host="db", password=(
            "an0ther-Pa55w0rd"))
        c = psycopg2.connect(
            host="db",
            password=PASSWORD  # read below
        )
        d = psycopg2.connect(host="db", password=rb"raw-Pa55w0rd")
      `,
      findings: [
        { line: 2, column: 12, message: 'hard-coded password= literal' },
        { line: 4, column: 5, message: 'hard-coded password= literal' },
        { line: 6, column: 5, message: 'hard-coded password= literal' },
        { line: 11, column: 42, message: 'hard-coded password= literal' },
      ],
    },
    {
      name: 'token= keyword with a literal',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient(host="https://adb-1.azuredatabricks.net", token="s3cr3t-t0ken-value")
      `,
      findings: [{ line: 2, column: 69, message: "hard-coded token= literal" }],
    },
    {
      name: 'a short password= word is still a password (people choose them; tokens are generated)',
      code: `
        conn = connect(host="db.internal", user="etl", password="abc")
      `,
      findings: [{ line: 1, column: 57, message: "hard-coded password= literal" }],
    },
    {
      name: 'a personal access token in a docstring is still one',
      code: `
        def call_endpoint():
            """Calls the endpoint with dapi0123456789abcdef0123456789abcdef."""
      `,
      findings: [{ line: 2, column: 5, message: 'hard-coded Databricks personal access token' }],
    },
    {
      name: 'credentials bound to names in one cell and handed over in another (annotated, unpacked, a dict entry, a chain)',
      code: `
        # Databricks notebook source
        import os
        import psycopg2
        DB_PASSWORD: str = "hunter2!"
        user, API_TOKEN = "ml", "AbCdEf123456ghIJ"
        CONFIG = {"token": "ghp_AbC123dEf456GhI789"}
        hub_token = CONFIG["token"]
        a = SECRET = "sk_live_51HxYzAbCdEf"

        # COMMAND ----------

        conn = psycopg2.connect(host="db", password=DB_PASSWORD)
        headers = {"Authorization": f"Bearer {API_TOKEN}"}
        login(token=hub_token)
        os.environ["DATABRICKS_TOKEN"] = SECRET
      `,
      findings: [
        { line: 4, column: 20, message: 'hard-coded password= literal' },
        { line: 5, column: 25, message: 'hard-coded bearer token' },
        { line: 6, column: 20, message: 'hard-coded token= literal' },
        { line: 8, column: 14, message: 'DATABRICKS_TOKEN environment variable' },
      ],
    },
    {
      name: 'a token read from a literal dict, the only credential of the file (it was parsed only beside another)',
      code: `
        from huggingface_hub import HfApi
        CFG = {"token": "hf_AbC123dEf456"}
        api = HfApi(token=CFG["token"])
        other = HfApi(token=CFG.get("token"))
      `,
      findings: [{ line: 2, column: 17, message: 'hard-coded token= literal' }],
    },
    {
      name: 'password= keyword through a name bound earlier',
      code: `
        import psycopg2
        DB_PASSWORD = "hunter2!"
        conn = psycopg2.connect(host="db", user="ml", password=DB_PASSWORD)
      `,
      findings: [{ line: 2, column: 15, message: 'hard-coded password= literal' }],
    },
    {
      name: 'a PAT inside a curl command and an env assignment',
      code: `
        import os
        os.environ["DATABRICKS_TOKEN"] = "${PAT}"
        cmd = f"curl -H 'Authorization: Bearer ${PAT}' {host}/api/2.0/clusters/list"
      `,
      findings: [
        { line: 2, column: 34 },
        { line: 3, column: 7 },
      ],
    },
    {
      name: 'PAT passed as token= (one finding)',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient(token="${PAT}")
      `,
      findings: [{ line: 2, column: 27, message: 'personal access token' }],
    },
    {
      name: 'a PAT in the code of a %sh magic cell',
      code: `
        # Databricks notebook source
        x = 1

        # COMMAND ----------

        # MAGIC %sh
        # MAGIC curl -s -H "Authorization: Bearer ${PAT}" \\
        # MAGIC   https://example.cloud.databricks.com/api/2.0/clusters/list
      `,
      findings: [{ line: 7, column: 43, message: 'in a %sh cell' }],
    },
    {
      name: 'a PAT in capitals on the last line of a %sh cell that ends the notebook',
      code: `
        # Databricks notebook source
        x = 1

        # COMMAND ----------

        # MAGIC %sh
        # MAGIC export DATABRICKS_TOKEN=${PAT.toUpperCase()}`,
      findings: [{ line: 7, column: 33, message: 'in a %sh cell' }],
    },
    {
      name: 'a generated password of capitals and digits (not a variable name: no underscore)',
      code: `
        import pymysql
        connection = pymysql.connect(host="db.internal", user="etl", password="QZT4471902")
      `,
      findings: [{ line: 2, column: 71 }],
    },
    {
      name: 'a password with a dollar sign among its characters (not $NAME or ${NAME})',
      code: `
        import mysql.connector
        connection = mysql.connector.connect(host="db.internal", user="reporting", password="Winter2024$")
        other = mysql.connector.connect(host="db.internal", user="etl", password="Q7#mz$9Lk")
      `,
      findings: [{ line: 2, column: 85 }, { line: 3, column: 74 }],
    },
    {
      name: 'a bearer token in a script that shows no Databricks (another tool\'s pipeline step): no dbutils there',
      code: `
        import requests
        requests.post("http://trainer:8080/run", headers={"Authorization": "Bearer 7f3c9a1e5b2d4c6a"})
      `,
      findings: [{ line: 2, column: 68, message: 'read it from an environment variable or a secret manager at run time' }],
    },
  ],
  silent: [
    {
      name: 'the words that stand for any value in a test double (foo, bar, foobar) with digits',
      code: `
        class FakeContext:
            def __init__(self):
                self.auth_header = "Bearer foobar1234"
                self.other = {"Authorization": "Bearer foo12345"}
        connect(host="db.internal", password="barbaz99")
      `,
    },
    {
      name: "a local development stack's logins: a password= beside a host= of this machine, MinIO keys where the file points S3 at localhost",
      code: `
        import os
        import psycopg2
        os.environ["MLFLOW_S3_ENDPOINT_URL"] = "http://localhost:9000"
        os.environ["AWS_SECRET_ACCESS_KEY"] = "minio123"
        conn = psycopg2.connect(host="localhost", user="postgres", password="postgres", dbname="mlflow")
        other = psycopg2.connect(host="127.0.0.1:5432", password="s3cr3t-Local")
        DB_HOST = os.environ.get("DB_HOST", "localhost")
        dev = psycopg2.connect(host=DB_HOST, user="dev", password="devpass123")
        also = psycopg2.connect(host=os.getenv("PGHOST", "127.0.0.1"), password="devpass123")
      `,
    },
    {
      name: 'not an escape\'s token: a shell comment opening a continued line, a backslash with blanks after it (IPython does not join the next line, a Python comment), CRLF line ends',
      code: '# Databricks notebook source\r\n!pip install churnlib \\\r\n# the old dapi0123456789abcdef0123456789abcdef was revoked\r\n!pip install scorer \\   \r\n# rotated: dapi89abcdef0123456789abcdef01234567\r\nimport churnlib\r\n',
    },
    {
      name: 'lines a shell escape carries on to with no token written in them: an environment variable, a shell comment; a line after an escape without a backslash is Python',
      code: `
        # Databricks notebook source
        !pip install churnlib \\
            --index-url https://token:$DATABRICKS_TOKEN@pkgs.example.com/simple \\
            # the old dapi0123456789abcdef0123456789abcdef was revoked
        !pip install scorer
        note = "dapi tokens live in the secret scope"
      `,
    },
    {
      name: 'shell lines without a token written in them: an environment variable, a placeholder, a token in a shell comment',
      code: `
        # Databricks notebook source
        !pip install --index-url https://token:$DATABRICKS_TOKEN@pkgs.example.com/simple churnlib
        !curl -H "Authorization: Bearer <token>" https://example.cloud.databricks.com/api/2.0/clusters/list
        !pip install churnlib  # the old dapi0123456789abcdef0123456789abcdef was revoked
        import churnlib
      `,
    },
    {
      name: 'no token written as code: names that start with dapi or hold more than a token, a placeholder, a token in a comment of a cell that does not compile',
      code: `
        # Databricks notebook source
        databricks secrets put --scope reg --key reg-token  # dapi0123456789abcdef0123456789abcdef

        # COMMAND ----------

        dapi_client = make_client()
        dapi_version = dapi00000000000000000000000000000000
        print(dapi_client.dapi_endpoint)
        my_dapi0123456789abcdef0123456789abcdef = dapi0123456789abcdef0123456789abcdef_old = 1
      `,
    },
    {
      name: 'values that say they are no credential (a benchmark\'s secret key, a test password)',
      code: `
        import os
        os.environ["SECRET_KEY"] = "bench-secret-key-not-a-credential"
        os.environ["DB_PASSWORD"] = "not_a_real_password"
      `,
    },
    {
      name: 'counts of tokens in variables named for tokens (MAX_TOKEN, TOKEN_LIMIT)',
      code: `
        import os
        os.environ["PROMPT_MAX_TOKEN"] = "2048"
        os.environ["TOKEN_LIMIT"] = "512"
      `,
    },
    {
      name: 'the modes gcsfs and fsspec take as token= (anonymous access, the default credentials)',
      code: `
        import fsspec
        import gcsfs
        public = gcsfs.GCSFileSystem(token="anon")
        default = gcsfs.GCSFileSystem(project="ml", token="google_default")
        fs = fsspec.filesystem("gcs", token="cloud")
      `,
    },
    {
      name: 'a tokenizer\'s special tokens in variables named for tokens',
      code: `
        import os
        os.environ["PAD_TOKEN"] = "[PAD]"
        os.environ["MASK_TOKEN"] = "[MASK]"
      `,
    },
    {
      name: 'secret= naming a stored secret with a number suffix (pg-credentials-2024)',
      code: `
        from airflow.providers.cncf.kubernetes.secret import Secret
        db = Secret(deploy_type="env", deploy_target="PG_URL", secret="pg-credentials-2024", key="url")
      `,
    },
    {
      name: 'switches and names in credential-named variables, $VAR stand-ins, and secret= naming a stored secret with digits in its name',
      code: `
        import os
        from airflow.providers.cncf.kubernetes.secret import Secret
        os.environ["HF_HUB_DISABLE_IMPLICIT_TOKEN"] = "true"
        os.environ["MYSQL_ALLOW_EMPTY_PASSWORD"] = "yes"
        os.environ["HF_TOKEN"] = "hf_token"
        os.environ["DATABRICKS_TOKEN"] = "databricks-token"
        os.environ["DB_PASSWORD"] = "db_password"
        os.environ["DB_PASSWORD"] = "$DB_PASSWORD"
        os.environ["DB_PASSWORD"] = "\${DB_PASSWORD}"
        creds = Secret(deploy_type="env", deploy_target="S3", secret="mlflow-s3-creds", key="aws")
        db = Secret(deploy_type="env", deploy_target="DB", secret="k8s-db-credentials", key="url")
      `,
    },
    {
      name: 'instructions to the reader in place of a credential, and secret= naming a secret stored elsewhere (Airflow\'s Kubernetes Secret)',
      code: `
        from airflow.providers.cncf.kubernetes.secret import Secret
        db_conn = Secret(deploy_type="env", deploy_target="SQL_CONN", secret="ml-db-credentials", key="sql_alchemy_conn")
        a = WorkspaceClient(host=host, token="token-goes-here")
        b = connect(user="ml", password="enter-password")
        c = connect(user="ml", password="put_password_here")
        d = HttpUrlSpec(url="https://hooks.example.com/x", secret="enter-secret")
      `,
    },
    {
      name: 'environment variables set from a secret, to placeholders or a note, other variables, and reads and comparisons of a credential variable',
      code: `
        import os
        os.environ["DATABRICKS_TOKEN"] = dbutils.secrets.get(scope="ml", key="token")
        os.environ["DATABRICKS_TOKEN"] = "your-token-here"
        os.environ["DATABRICKS_TOKEN"] = "mytoken"
        os.environ["DATABRICKS_TOKEN"] = "need to input databricks token"
        os.environ["DATABRICKS_TOKEN"] = "DATABRICKS_TOKEN"
        os.environ["TOKENIZERS_PARALLELISM"] = "false"
        os.environ["MLFLOW_OPENAI_SECRET_SCOPE"] = "database_secrets_asong"
        settings["AWS_SECRET_ACCESS_KEY"] = "WPZnfkNEOlpdZ32hwVGhQ6PNiPPjmFZEajnWUMRe"
        token = os.environ["DATABRICKS_TOKEN"]
        if os.environ.get("DATABRICKS_TOKEN") == "abc123def456ghi":
            pass
        os.environ.setdefault("MLFLOW_TRACKING_URI", "databricks")
      `,
    },
    {
      name: 'a test that sets a fake credential variable',
      fileName: 'tests/test_config.py',
      code: `
        import os
        def test_loads_token(monkeypatch):
            os.environ["DATABRICKS_TOKEN"] = "dkea83hf7s62ks0a"
            os.environ["AWS_SECRET_ACCESS_KEY"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
      `,
    },
    {
      name: "a webhook's signing secret read from a secret scope, and a placeholder",
      code: `
        from databricks_registry_webhooks import HttpUrlSpec
        spec = HttpUrlSpec(url="https://hooks.example.com/x", secret=dbutils.secrets.get(scope="hooks", key="signing"))
        example = HttpUrlSpec(url="https://hooks.example.com/x", secret="<secret>")
        from_the_docs = HttpUrlSpec(url="https://hooks.example.com/x", secret="secret_string")
        client_spec = dict(client_secret=client_secret)
      `,
    },
    {
      name: '"Bearer" in prose: a telephony release cause in a list of labels',
      code: `
        RELEASE_CAUSES = ["Normal Call Clearing", "Bearer Capability Not Available", "Bearer Capability Not Implemented"]
      `,
    },
    {
      name: 'the word token in a comment, then many # MAGIC lines (the trigger once backtracked exponentially here: minutes per notebook)',
      code: `# Databricks notebook source\n# MAGIC %scala\n# MAGIC   // For each region, associate a storage account and SAS token\n${'# MAGIC   \n'.repeat(15)}# MAGIC   println(regions)\n`,
    },
    {
      name: 'a fake bearer token planted by a test, interpolated or written out',
      fileName: 'tests/test_client.py',
      code: `
        def test_headers():
            token = "abc123def456"
            assert build_headers(token) == {"Authorization": f"Bearer {token}"}
            assert parse("Bearer abc123def456ghi") == "abc123def456ghi"
      `,
    },
    {
      name: 'a %sh cell that reads the token from the environment',
      code: `
        # Databricks notebook source
        # MAGIC %sh
        # MAGIC curl -H "Authorization: Bearer $DATABRICKS_TOKEN" https://$HOST/api/2.0/serving-endpoints

        # COMMAND ----------

        print("done")
      `,
    },
    {
      name: 'a PAT in the prose of a %md cell',
      code: `
        # Databricks notebook source
        # MAGIC %md
        # MAGIC The old token ${PAT} was revoked.

        # COMMAND ----------

        x = 1
      `,
    },
    {
      name: 'fake credentials handed to clients in test code',
      fileName: 'tests/test_connections.py',
      code: `
        def test_connect(mocker):
            conn = connect(host="db.example.com", user="ml", password="s3cr3t-pw")
            w = WorkspaceClient(host="https://example", token="abc123-not-real")
      `,
    },
    {
      name: 'a token read from a dict the file does not write, from one whose entry is read at run time, or a placeholder entry',
      code: `
        from huggingface_hub import HfApi
        import os
        import yaml
        CFG = yaml.safe_load(open("config.yaml"))
        api = HfApi(token=CFG["token"])
        SETTINGS = {"token": os.environ["HF_TOKEN"], "repo": "org/model"}
        other = HfApi(token=SETTINGS["token"])
        PLACEHOLDERS = {"token": "<your-token>"}
        third = HfApi(token=PLACEHOLDERS.get("token"))
      `,
    },
    {
      name: 'a placeholder bound to a name and interpolated into the header',
      code: `
        token = "<insert your token here>"
        headers = {"Authorization": f"Bearer {token}"}
        short = "abc"
        h2 = {"Authorization": "Bearer " + short}
      `,
    },
    {
      name: 'placeholders',
      code: `
        a = WorkspaceClient(token="<token>")
        b = WorkspaceClient(token="your-token-here")
        c = WorkspaceClient(token="{token}")
        d = WorkspaceClient(token="$TOKEN")
        d2 = connect(password="\${DB_PASSWORD}")
        d3 = connect(password="$(cat /run/secrets/db)")
        e = WorkspaceClient(token="")
        f = WorkspaceClient(token="***")
        g = WorkspaceClient(token="xxxx")
        h = WorkspaceClient(token="dapiXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX")
        i = connect(password="DB_PASSWORD")
        j = connect(user="test", password="test")
      `,
    },
    {
      name: "a docstring that shows a header's form (Bearer and a made-up token), module and function",
      code: `
        """Helpers that add OAuth2 tokens to requests.

        - Bearer https://tools.ietf.org/html/rfc6750
        """

        def bearer_headers(token, headers=None):
            """Put the token in the Authorization header, as in:

                Authorization: Bearer q93kdl20xk
            """
            headers = headers or {}
            headers["Authorization"] = "Bearer %s" % token
            return headers
      `,
    },
    {
      name: 'a short word as token= (a configuration\'s shape in docs): a token is generated',
      code: `
        CONF = dict(token="abc", cluster=dict(n_workers=2))
        result = transform(df, double, engine="coiled", engine_conf=CONF)
        w = WorkspaceClient(host=host, token="mytok")
      `,
    },
    {
      name: 'a token read from a secret scope',
      code: `
        token = dbutils.secrets.get(scope="ml", key="pat")
        headers = {"Authorization": f"Bearer {token}"}
        w = WorkspaceClient(token=token)
      `,
    },
    {
      name: 'Bearer followed by a concatenated or formatted token',
      code: `
        h1 = {"Authorization": "Bearer " + token}
        h2 = {"Authorization": "Bearer %s" % token}
        h3 = {"Authorization": "Bearer {}".format(token)}
        h4 = {"Authorization": "Bearer <your-token>"}
      `,
    },
    {
      name: 'token= given a non-string value',
      code: `
        pipe = pipeline("text-generation", model="m", token=True)
        w = WorkspaceClient(token=os.environ["DATABRICKS_TOKEN"])
        c = connect(password=None)
        d = connect(password=self.password, token=config.token)
        e = connect(password=os.getenv("DB_PASSWORD"), token=tokens["prod"])
      `,
    },
    {
      name: 'other keywords: tokenizer, pad_token, max_tokens',
      code: `
        tok = AutoTokenizer.from_pretrained("gpt2", pad_token="[PAD]", eos_token="</s>")
        out = llm.generate(prompt, max_tokens=256, tokenizer="gpt2")
      `,
    },
    {
      name: 'a token in a comment',
      code: `
        # old token: ${PAT}
        x = 1
      `,
    },
    {
      name: 'not a PAT: too short, or part of a longer word',
      code: `
        a = "dapi0123456789abcdef"
        b = "xdapi0123456789abcdef0123456789abcdef"
        c = "dapi0123456789abcdef0123456789abcdefgh"
      `,
    },
    {
      name: 'a masked token of one repeated digit',
      code: `
        a = "dapi00000000000000000000000000000000"
      `,
    },
    {
      name: 'the word Bearer in prose',
      code: `
        doc = "Send the token as a Bearer header"
        help = "Authorization: Bearer TOKEN"
      `,
    },
    {
      name: 'a default parameter value (not a keyword argument)',
      code: `
        def connect(password="hunter2"):
            return password
      `,
    },
  ],
  fixes: [
    {
      name: 'a whole PAT literal in a notebook becomes a secrets call',
      code: `
        # Databricks notebook source
        w = WorkspaceClient(host=host, token="${PAT}")
      `,
      output: `
        # Databricks notebook source
        w = WorkspaceClient(host=host, token=dbutils.secrets.get(scope="<scope>", key="<key>"))
      `,
      safety: 'unsafe',
    },
    {
      name: 'outside a notebook dbutils is imported',
      code: `
        from databricks.sdk import WorkspaceClient
        w = WorkspaceClient(token="s3cr3t-t0ken-value")
      `,
      output: `
        from databricks.sdk import WorkspaceClient
        from databricks.sdk.runtime import dbutils
        w = WorkspaceClient(token=dbutils.secrets.get(scope="<scope>", key="<key>"))
      `,
      safety: 'unsafe',
    },
    {
      name: 'a Bearer header becomes an f-string with other quotes inside',
      code: `
        token_cell = dbutils.widgets.get("x")
        headers = {"Authorization": "Bearer ${PAT}"}
      `,
      output: `
        token_cell = dbutils.widgets.get("x")
        headers = {"Authorization": f"Bearer {dbutils.secrets.get(scope='<scope>', key='<key>')}"}
      `,
      safety: 'unsafe',
    },
    {
      name: 'a single-quoted JSON body: braces are doubled',
      code: `
        # Databricks notebook source
        body = '{"token": "${PAT}", "lifetime": 3600}'
      `,
      output: `
        # Databricks notebook source
        body = f'{{"token": "{dbutils.secrets.get(scope="<scope>", key="<key>")}", "lifetime": 3600}}'
      `,
      safety: 'unsafe',
    },
    {
      name: 'an f-string already: only the token changes',
      code: `
        # Databricks notebook source
        cmd = f"curl -H 'Authorization: Bearer ${PAT}' {host}/api/2.0/clusters/list"
      `,
      output: `
        # Databricks notebook source
        cmd = f"curl -H 'Authorization: Bearer {dbutils.secrets.get(scope='<scope>', key='<key>')}' {host}/api/2.0/clusters/list"
      `,
      safety: 'unsafe',
    },
    {
      name: 'a password bound to a name: the literal is replaced where it is written',
      code: `
        # Databricks notebook source
        import psycopg2
        DB_PASSWORD = "hunter2!"
        conn = psycopg2.connect(host="db", password=DB_PASSWORD)
      `,
      output: `
        # Databricks notebook source
        import psycopg2
        DB_PASSWORD = dbutils.secrets.get(scope="<scope>", key="<key>")
        conn = psycopg2.connect(host="db", password=DB_PASSWORD)
      `,
      safety: 'unsafe',
    },
  ],
});

describe('MLT704 fixes', () => {
  it('a secret scope fix only in Databricks code', async () => {
    const linter = await testLinter();
    const script = 'import requests\nrequests.post(URL, headers={"Authorization": "Bearer 7f3c9a1e5b2d4c6a"})\n';
    const notebook = `# Databricks notebook source\n${script}`;
    const [plain] = linter.lintText('file:///p/step.py', script, { select: ['MLT704'] }).findings;
    const [databricks] = linter.lintText('file:///p/nb.py', notebook, { select: ['MLT704'] }).findings;
    assert.deepEqual(plain.fixes, []);
    assert.match(databricks.message, /dbutils\.secrets\.get/);
    assert.equal(databricks.fixes.length, 1);
  });

  it('no secret scope call in a statement Python cannot read (a curl command pasted without %sh); one beside a Python 2 print', async () => {
    const linter = await testLinter();
    const notebook = `# Databricks notebook source\ncurl -H "Authorization: Bearer ${PAT}" https://adb-1.azuredatabricks.net/api/2.0/clusters/list\n\n# COMMAND ----------\n\nprint "listing"\nTOKEN = "${PAT}"\n`;
    const [pasted, assigned] = linter.lintText('file:///p/nb.py', notebook, { select: ['MLT704'] }).findings;
    assert.equal(pasted.start.line, 1);
    assert.deepEqual(pasted.fixes, []);
    assert.equal(assigned.start.line, 6);
    assert.equal(assigned.fixes.length, 1);
  });

  it('no secret scope call as a widget\'s value (the widget bar would show the secret); a token read from a widget elsewhere keeps its fix', async () => {
    const linter = await testLinter();
    const notebook = `# Databricks notebook source\ndbutils.widgets.text("token", "${PAT}")\ndbutils.widgets.dropdown(name="t", defaultValue="${PAT}", choices=["${PAT}"])\nTOKEN = "${PAT}"\n`;
    const findings = linter.lintText('file:///p/nb.py', notebook, { select: ['MLT704'] }).findings;
    assert.deepEqual(findings.map((finding) => [finding.start.line, finding.fixes.length]), [[1, 0], [2, 0], [2, 0], [3, 1]]);
  });

  it('no secret scope call in a Python 2 print or exec, or after a shell word pasted before an assignment', async () => {
    const linter = await testLinter();
    const notebook = `# Databricks notebook source\nprint "${PAT}"\nexec "token = '${PAT}'"\nexport DATABRICKS_TOKEN='${PAT}'\n`;
    const findings = linter.lintText('file:///p/nb.py', notebook, { select: ['MLT704'] }).findings;
    assert.deepEqual(findings.map((finding) => [finding.start.line, finding.fixes.length]), [[1, 0], [2, 0], [3, 0]]);
  });
});

describe('MLT704 and the code that %run brings in', () => {
  it('reports a token in a %sql cell of the setup notebook when that notebook is linted, never in a notebook that runs it', async () => {
    const linter = await testLinter();
    const setup = `# Databricks notebook source\n# MAGIC %sql\n# MAGIC CREATE CONNECTION c OPTIONS (token '${PAT}')\n`;
    const notebook = '# Databricks notebook source\n# MAGIC %run ./setup\n\n# COMMAND ----------\n\nx = 1\n';
    const readInclusion = () => fileSource('file:///p/setup.py', setup);
    assert.deepEqual(
      linter.lintText('file:///p/setup.py', setup, { select: ['MLT704'] }).findings.map((finding) => finding.start.line),
      [2],
    );
    assert.deepEqual(linter.lintText('file:///p/nb.py', notebook, { select: ['MLT704'], readInclusion }).findings, []);
  });
});
