-- Asks `sqlreview lsp` for navigation from headless Neovim 0.7, run by
-- lsp/clients_nav_test.go (SQLREVIEW_BIN, SQLREVIEW_FILE, SQLREVIEW_ROOT,
-- SQLREVIEW_DEF_LINE/CHAR: 0-based position to ask the definition of).
-- Prints one JSON object on stdout (definition, symbols) and quits.
local out = {}
local function finish(code)
  io.stdout:write(vim.fn.json_encode(out))
  io.stdout:flush()
  vim.cmd(code == 0 and 'qa!' or 'cq!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('SQLREVIEW_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo.filetype = 'sql'
  local client_id = vim.lsp.start_client({
    cmd = { os.getenv('SQLREVIEW_BIN'), 'lsp' },
    root_dir = os.getenv('SQLREVIEW_ROOT'),
    handlers = { ['textDocument/publishDiagnostics'] = function() end },
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  assert(vim.wait(15000, function()
    local c = vim.lsp.get_client_by_id(client_id)
    return c ~= nil and c.initialized
  end, 20), 'server did not initialize')
  local pos = { line = tonumber(os.getenv('SQLREVIEW_DEF_LINE')), character = tonumber(os.getenv('SQLREVIEW_DEF_CHAR')) }
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = pos }
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', params, 10000)
  assert(res and res[client_id] and not res[client_id].err, 'definition failed: ' .. vim.inspect(res))
  out.definition = res[client_id].result
  res = vim.lsp.buf_request_sync(bufnr, 'textDocument/documentSymbol', { textDocument = params.textDocument }, 10000)
  assert(res and res[client_id] and not res[client_id].err, 'documentSymbol failed: ' .. vim.inspect(res))
  out.symbols = res[client_id].result
end)
if not ok then
  io.stderr:write(tostring(err) .. '\n')
  finish(1)
else
  finish(0)
end
