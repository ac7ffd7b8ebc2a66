-- Drives `sqlreview lsp` from headless Neovim 0.7 (Debian's), run by
-- lsp/clients_test.go:
--   SQLREVIEW_BIN=... SQLREVIEW_FILE=... nvim --headless -u NONE -l? (0.7 has no -l)
--   nvim --headless -u NONE -c 'luafile nvim_client.lua'
-- Neovim 0.7 has no vim.lsp.start: start_client + buf_attach_client.
-- Prints one JSON object on stdout and quits.
local out = {}
local function finish(code)
  io.stdout:write(vim.fn.json_encode(out))
  io.stdout:flush()
  vim.cmd(code == 0 and 'qa!' or 'cq!')
end

local ok, err = pcall(function()
  local file = os.getenv('SQLREVIEW_FILE')
  vim.cmd('edit ' .. vim.fn.fnameescape(file))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo.filetype = 'sql'
  local published = {}
  local client_id = vim.lsp.start_client({
    cmd = { os.getenv('SQLREVIEW_BIN'), 'lsp' },
    root_dir = os.getenv('SQLREVIEW_ROOT'),
    init_options = { debounceMs = 20 },
    handlers = {
      ['textDocument/publishDiagnostics'] = function(_, params)
        table.insert(published, params)
      end,
    },
  })
  vim.lsp.buf_attach_client(bufnr, client_id)
  local bufuri = vim.uri_from_bufnr(bufnr)
  out.bufferUri = bufuri
  assert(vim.wait(15000, function() return #published > 0 end, 20), 'no diagnostics after open')
  out.openUri = published[1].uri
  out.open = published[1].diagnostics

  -- Apply the preferred quick fix of the first finding with one.
  local target
  for _, d in ipairs(out.open) do
    if d.code == os.getenv('SQLREVIEW_FIX_RULE') then target = d; break end
  end
  local res = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = bufuri }, range = target.range, context = { diagnostics = { target } },
  }, 10000)
  local action
  for _, r in pairs(res or {}) do
    for _, a in ipairs(r.result or {}) do
      if a.isPreferred and a.edit and not action then action = a end
    end
  end
  assert(action, 'no preferred code action')
  out.action = action.title
  local n = #published
  vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
  assert(vim.wait(15000, function() return #published > n end, 20), 'no diagnostics after the fix')
  -- Debounced lints may still arrive: wait until quiet.
  vim.wait(400, function() return false end, 20)
  out.afterFix = published[#published].diagnostics
  out.afterFixText = table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'

  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = bufuri }, position = out.afterFix[1].range.start,
  }, 10000)
  for _, r in pairs(hover or {}) do
    if r.result then out.hover = r.result.contents.value end
  end
  vim.lsp.stop_client(client_id)
end)
if not ok then
  io.stderr:write(tostring(err) .. '\n')
  finish(1)
else
  finish(0)
end
