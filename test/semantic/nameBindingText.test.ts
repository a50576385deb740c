import * as assert from 'node:assert/strict';
import { nameBindingTest, namesBoundInText } from '../../rules/semantic/nameBindingText';

describe('namesBoundInText (names bound to a value that may be a string, read from the text)', () => {
  const binds: Array<[string, string]> = [
    ['an assignment', 'token = "abc"'],
    ['an annotated assignment', 'token: str = "abc"'],
    ['a walrus', 'if (token := "abc"):\n    pass'],
    ['the middle of a chain', 'a = token = "abc"'],
    ['a chain from the name', 'token = other = "abc"'],
    ['unpacking, last', 'user, token = "ml", "abc"'],
    ['unpacking, first, in brackets', '(token, user) = "abc", "ml"'],
    ['another name', 'token = SECRET\n'],
    ['a subscript of a name', 'token = CONFIG["token"]'],
    ['a dict read with get', 'token = CONFIG.get("token")'],
    ['a parenthesized string', 'token = (\n    "abc"\n)'],
    ['a string prefix', "token = r'abc'"],
    ['after a semicolon', 'x = 1; token = "abc"'],
    ['a keyword on its own line before a closing bracket (read as an assignment: never a miss)', 'login(\n    token=token\n)'],
    ['unpacking over a line continuation', 'user, \\\n    token = "ml", "abc"'],
    ['unpacking in brackets over several lines', '(\n    user,\n    token,\n) = "ml", "abc"'],
    ['unpacking in square brackets', '[user, token] = "ml", "abc"'],
    ['an empty string, then a literal', 'token = ""\ntoken = "abc"'],
    ['an empty string or a literal', 'token = "" if debug else "abc"'],
    ['an empty triple-quoted string start', "token = '''abc'''"],
    ['a dict read with get by a name', 'token = CFG.get(KEY)'],
    ['a dict read with get, the key on the next line', 'token = CFG.get(\n    "token")'],
  ];
  for (const [name, text] of binds) it(`binds: ${name}`, () => assert.equal(namesBoundInText(text).has('token'), true, text));

  const doesNot: Array<[string, string]> = [
    ['a parameter', 'def upload(token):\n    HfApi(token=token)'],
    ['a keyword argument passing the name on', 'api = HfApi(\n    token=token,\n)\nlogin(token=token)'],
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
  ];
  for (const [name, text] of doesNot) it(`does not bind: ${name}`, () => assert.equal(namesBoundInText(text).has('token'), false, text));

  it('nameBindingTest answers as namesBoundInText, for a name written in the text or not', () => {
    for (const [, text] of [...binds, ...doesNot]) {
      const test = nameBindingTest(text);
      for (const name of ['token', 'user', 'CFG', 'absent_name']) assert.equal(test(name), namesBoundInText(text).has(name), `${name} in ${text}`);
    }
  });

  it('finds every name of a chain, of an unpacking and of several statements', () => {
    // More may be named (the annotation `str` reads like an assignment), never fewer.
    const names = namesBoundInText('a = b = "x"\nc, d = 1, "y"\n(e, f) = g\nh: str = "z"; i = CFG["k"]');
    assert.deepEqual(['a', 'b', 'c', 'd', 'e', 'f', 'h', 'i'].filter((name) => !names.has(name)), []);
  });

  it('reads long runs of blanks and commas in linear time', function () {
    this.timeout(2_000);
    assert.equal(namesBoundInText(`token${' \n'.repeat(50_000)}x`).has('token'), false);
    assert.equal(namesBoundInText(`${'a, '.repeat(20_000)}token${'   '.repeat(20_000)}`).has('token'), false);
    assert.equal(namesBoundInText(`(${'\n'.repeat(50_000)}token`).has('token'), false);
    assert.equal(namesBoundInText(`a, token${' \\\n'.repeat(30_000)}x`).has('token'), false);
    assert.equal(namesBoundInText(`(a, token${' '.repeat(50_000)}x`).has('token'), false);
    assert.equal(namesBoundInText(`token = ${'"'.repeat(2)}${' '.repeat(50_000)}x`).has('token'), true);
  });
});
