-- Drives the README's Neovim 0.7 snippet (nvim07_config.lua, loaded with
-- -u) from headless Neovim, run by lsp/watch_test.go: two migrations of one
-- project share one server; then the config is rewritten on disk, which
-- Neovim 0.7 never reports to the server, and the diagnostics follow.
-- Prints one JSON object on stdout and quits.
local out = {}
local function finish(code)
  io.stdout:write(vim.fn.json_encode(out))
  io.stdout:flush()
  vim.cmd(code == 0 and 'qa!' or 'cq!')
end

local ok, err = pcall(function()
  local published = {}
  local orig = vim.lsp.handlers['textDocument/publishDiagnostics']
  vim.lsp.handlers['textDocument/publishDiagnostics'] = function(e, params, ctx, config)
    published[params.uri] = published[params.uri] or {}
    table.insert(published[params.uri], params.diagnostics)
    return orig(e, params, ctx, config)
  end
  local bufs = {}
  for _, f in ipairs({ os.getenv('SQLREVIEW_FIRST'), os.getenv('SQLREVIEW_FILE') }) do
    vim.cmd('edit ' .. vim.fn.fnameescape(f))
    vim.bo.filetype = 'sql'
    table.insert(bufs, vim.api.nvim_get_current_buf())
  end
  local uri = vim.uri_from_bufnr(bufs[2])
  assert(vim.wait(15000, function() return published[uri] ~= nil end, 20), 'no diagnostics after open')
  vim.wait(300, function() return false end, 20)
  out.clients = #vim.lsp.get_active_clients()
  out.attached = {}
  for _, b in ipairs(bufs) do
    for id, _ in pairs(vim.lsp.buf_get_clients(b)) do table.insert(out.attached, id) end
  end
  out.open = published[uri][#published[uri]]
  local n = #published[uri]
  local f = assert(io.open(os.getenv('SQLREVIEW_CONFIG'), 'w'))
  f:write(os.getenv('SQLREVIEW_NEW_CONFIG'))
  f:close()
  assert(vim.wait(10000, function() return #published[uri] > n end, 20), 'no diagnostics after the config changed on disk')
  vim.wait(300, function() return false end, 20)
  out.afterConfig = published[uri][#published[uri]]
end)
if not ok then
  io.stderr:write(tostring(err) .. '\n')
  finish(1)
else
  finish(0)
end
