-- Headless Neovim as a second LSP client for test/neovim.lsp.test.ts.
--
--   nvim --headless -n -i NONE --noplugin -u test/neovim/init.lua FILE.py
--
-- Starts `node dist/server.js --stdio` with Neovim's own LSP client, attaches FILE's buffer,
-- waits for the server's publishDiagnostics for it, and writes the diagnostics as Neovim
-- stored them (vim.diagnostic.get) to $MLTRAPS_NVIM_OUT as JSON. Exits 0 on success; on a
-- timeout, a server exit or any Lua error it writes {"error": ...} and exits non-zero.
--
-- Written against the 0.7 API (Debian bookworm ships 0.7.2): vim.lsp.start only exists
-- from 0.8, start_client + buf_attach_client work on both.
--
-- Environment:
--   MLTRAPS_SERVER      path to dist/server.js (required)
--   MLTRAPS_NVIM_OUT    where to write the JSON (required)
--   MLTRAPS_ROOT        root_dir for the client (default: the file's directory)
--   MLTRAPS_NODE        node executable (default: node)
--   MLTRAPS_TIMEOUT_MS  how long to wait for diagnostics (default: 20000)

local out_path = os.getenv('MLTRAPS_NVIM_OUT')
-- Set once the client starts, so a failure can take the server down with it.
local client_id = nil

local function write_json(value)
  local file = assert(io.open(out_path, 'w'))
  file:write(vim.fn.json_encode(value))
  file:close()
end

-- json_encode drops keys whose value is nil; JSON null keeps a missing field visible to the test.
local function or_null(value)
  if value == nil then
    return vim.NIL
  end
  return value
end

local function fail(message)
  if out_path then
    pcall(write_json, { error = message })
  end
  io.stderr:write('mltraps neovim test: ' .. message .. '\n')
  -- cquit skips the polite shutdown, and a server that hangs would outlive us: kill it.
  if client_id then
    pcall(vim.lsp.stop_client, client_id, true)
  end
  vim.cmd('cquit')
end

-- Where the LSP fields went differs by version: 0.7 keeps code/codeDescription only under
-- user_data.lsp; 0.8+ moves code to the top and keeps the whole LSP diagnostic in user_data.lsp.
local function lsp_field(diagnostic, name)
  local lsp = diagnostic.user_data and diagnostic.user_data.lsp or {}
  if name == 'code' and diagnostic.code ~= nil then
    return diagnostic.code
  end
  return lsp[name]
end

local function export(diagnostic)
  local description = lsp_field(diagnostic, 'codeDescription')
  return {
    lnum = diagnostic.lnum,
    col = diagnostic.col,
    end_lnum = or_null(diagnostic.end_lnum),
    end_col = or_null(diagnostic.end_col),
    code = or_null(lsp_field(diagnostic, 'code')),
    source = or_null(diagnostic.source),
    severity = diagnostic.severity,
    message = diagnostic.message,
    href = or_null(description and description.href),
  }
end

local function run()
  local server = os.getenv('MLTRAPS_SERVER')
  if not server or server == '' then
    return fail('MLTRAPS_SERVER is not set')
  end
  if not out_path or out_path == '' then
    return fail('MLTRAPS_NVIM_OUT is not set')
  end
  local timeout = tonumber(os.getenv('MLTRAPS_TIMEOUT_MS') or '') or 20000

  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == '' then
    return fail('no file given on the command line')
  end
  -- -u skips filetype detection; the filetype becomes didOpen's languageId.
  vim.bo[bufnr].filetype = 'python'
  local uri = vim.uri_from_bufnr(bufnr)

  local published = false
  local exited = nil
  client_id = vim.lsp.start_client({
    name = 'mltraps',
    cmd = { os.getenv('MLTRAPS_NODE') or 'node', server, '--stdio' },
    root_dir = os.getenv('MLTRAPS_ROOT') or vim.fn.fnamemodify(file, ':p:h'),
    handlers = {
      ['textDocument/publishDiagnostics'] = function(err, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
        if result and result.uri == uri then
          published = true
        end
      end,
    },
    on_exit = function(code, signal)
      exited = string.format('the server exited (code %s, signal %s)', tostring(code), tostring(signal))
    end,
  })
  if not client_id then
    return fail('vim.lsp.start_client failed for ' .. server)
  end
  if not vim.lsp.buf_attach_client(bufnr, client_id) then
    return fail('vim.lsp.buf_attach_client failed')
  end

  local done = vim.wait(timeout, function()
    return published or exited ~= nil
  end, 20)
  if exited and not published then
    return fail(exited)
  end
  if not done then
    return fail(string.format('no publishDiagnostics for %s within %d ms', uri, timeout))
  end

  local exported = {}
  for _, diagnostic in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(exported, export(diagnostic))
  end
  write_json({
    nvim = vim.version(),
    uri = uri,
    diagnostics = exported,
  })

  -- Shut the server down politely so it does not outlive us; Neovim also does this on exit.
  vim.lsp.stop_client(client_id)
  vim.wait(2000, function()
    return exited ~= nil
  end, 20)
  vim.cmd('qa!')
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = pcall(run)
    if not ok then
      fail('Lua error: ' .. tostring(err))
    end
  end,
})
