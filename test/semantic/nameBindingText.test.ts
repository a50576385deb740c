import * as assert from 'node:assert/strict';
import { mayHoldString, nameBindingReader } from '../../rules/semantic/nameBindingText';

/** Whether `token` (or `name`) can hold a string literal, by the bindings of one text. */
function holdsString(text: string, name = 'token'): boolean {
  return mayHoldString(name, nameBindingReader(text));
}

describe('mayHoldString (a name bound to a value that may be a string, read from the text)', () => {
  const binds: Array<[string, string]> = [
    ['an assignment', 'token = "abc"'],
    ['an annotated assignment', 'token: str = "abc"'],
    ['a walrus', 'if (token := "abc"):\n    pass'],
    ['the middle of a chain', 'a = token = "abc"'],
    ['a chain from the name', 'token = other = "abc"'],
    ['unpacking, last', 'user, token = "ml", "abc"'],
    ['unpacking, first, in brackets', '(token, user) = "abc", "ml"'],
    ['unpacking a call and a literal', 'user, token = get_user(), "abc"'],
    ['another name bound to a string', 'SECRET = "abc"\ntoken = SECRET\n'],
    ['names bound in turn', 'A = B\nB = C\nC = "abc"\ntoken = A'],
    ['a subscript of a literal dict', 'CONFIG = {"token": "abc"}\ntoken = CONFIG["token"]'],
    ['an entry of an entry', 'CFG = {"hf": {"token": "abc"}}\ntoken = CFG["hf"]["token"]'],
    ['a dict read with get', 'CONFIG = {"token": "abc"}\ntoken = CONFIG.get("token")'],
    ['a parenthesized string', 'token = (\n    "abc"\n)'],
    ['a string prefix', "token = r'abc'"],
    ['after a semicolon', 'x = 1; token = "abc"'],
    ['unpacking over a line continuation', 'user, \\\n    token = "ml", "abc"'],
    ['unpacking in brackets over several lines', '(\n    user,\n    token,\n) = "ml", "abc"'],
    ['unpacking in square brackets', '[user, token] = "ml", "abc"'],
    ['an empty string, then a literal', 'token = ""\ntoken = "abc"'],
    ['an empty string or a literal', 'token = "" if debug else "abc"'],
    ['an empty triple-quoted string start', "token = '''abc'''"],
    ['a dict read with get by a name', 'CFG = {}\ntoken = CFG.get(KEY)'],
    ['a dict read with get, the key on the next line', 'CFG = {"token": "abc"}\ntoken = CFG.get(\n    "token")'],
  ];
  for (const [name, text] of binds) it(`holds: ${name}`, () => assert.equal(holdsString(text), true, text));

  const doesNot: Array<[string, string]> = [
    ['a parameter', 'def upload(token):\n    HfApi(token=token)'],
    ['a keyword argument passing the name on', 'api = HfApi(\n    token=token,\n)\nlogin(token=token)'],
    ['a keyword on its own line before a closing bracket (read as token = token: its other values decide)', 'login(\n    token=token\n)'],
    ['an attribute', 'self.token = "abc"'],
    ['another name ending in it', 'hf_token = "abc"'],
    ['a comparison', 'if token == "abc":\n    pass'],
    ['a call result', 'token = os.getenv("TOKEN")'],
    ['a loop variable', 'for token in tokens:\n    pass'],
    ['a keyword-only use in a call on one line', 'f(a, token=token, b=1)'],
    ['an empty string alone (set later)', "token = ''\ntoken = os.getenv('TOKEN')"],
    ['an empty string before a comment', 'token = ""  # filled in by the widget'],
    ['None', 'token = None\nif request:\n    token = request.headers.get("x-token")'],
    ['a ContextVar read (h71: an app server)', 'token = _obo_token_var.get(None)'],
    ['positional arguments ending lines before a keyword (h71: dicom gateway)', 'upload(\n    token,\n    host,\n    path=volume_path,\n)'],
    ['positional arguments of a nested call before a keyword', 'pool.submit(\n    self._fetch,\n    state,\n    token,\n    db_file,\n    size=n)'],
    // h71: tokens read from API responses and configuration objects.
    ['an entry of a call result', 'result = requests.post(url, data=form).json()\ntoken = result["access_token"]'],
    ['a dict read with get from a call result', 'resp = client.get_credentials()\ntoken = resp.get("token", "")'],
    ['a slice of a header', 'auth = request.headers.get("Authorization")\ntoken = auth[7:]'],
    ['a name imported', 'from settings import STATIC_TOKEN\ntoken = STATIC_TOKEN'],
    ['names bound to each other only', 'A = B\nB = A\ntoken = A'],
    ['unpacking one call (h71: a lakebase client)', 'host, token = _get_auth()'],
  ];
  for (const [name, text] of doesNot) it(`does not hold: ${name}`, () => assert.equal(holdsString(text), false, text));

  it('reads every name of a chain, of an unpacking and of several statements', () => {
    const text = 'a = b = "x"\nc, d = 1, "y"\n(e, f) = g\nh: str = "z"; CFG = {"k": "v"}; i = CFG["k"]';
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'h', 'i'].filter((name) => !holdsString(text, name)), []);
  });

  it('reads a text only for a name it writes, and once per name', () => {
    let read = 0;
    const text = 'token = "abc"';
    const reader = nameBindingReader(text);
    const counted = (name: string) => {
      read++;
      return reader(name);
    };
    assert.equal(mayHoldString('absent_name', counted), false);
    assert.equal(reader('absent_name').length, 0);
    assert.equal(reader('token'), reader('token'));
    assert.equal(read, 1);
  });

  it('reads long runs of blanks and commas in linear time', function () {
    this.timeout(2_000);
    assert.equal(holdsString(`token${' \n'.repeat(50_000)}x`), false);
    assert.equal(holdsString(`${'a, '.repeat(20_000)}token${'   '.repeat(20_000)}`), false);
    assert.equal(holdsString(`(${'\n'.repeat(50_000)}token`), false);
    assert.equal(holdsString(`a, token${' \\\n'.repeat(30_000)}x`), false);
    assert.equal(holdsString(`(a, token${' '.repeat(50_000)}x`), false);
    assert.equal(holdsString(`token = ${'"'.repeat(2)}${' '.repeat(50_000)}x`), true);
    assert.equal(holdsString(`${'A = B\nB = A\n'.repeat(2_000)}token = A`), false);
    assert.equal(holdsString(`a, token${' '.repeat(50_000)}= x`), true);
    assert.equal(holdsString(`a, token${' '.repeat(50_000)}= get_auth()`), false);
  });
});
