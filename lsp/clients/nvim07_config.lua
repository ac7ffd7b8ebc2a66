-- sqlreview for Neovim 0.7 (no vim.lsp.start, no vim.fs): one server per
-- project root, shared by every SQL buffer under it, so an edit in one
-- migration re-checks the migrations after it. The README's snippet.
local sqlreview_clients = {}
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'sql',
  callback = function(ev)
    local file = vim.api.nvim_buf_get_name(ev.buf)
    local dir = file ~= '' and vim.fn.fnamemodify(file, ':p:h') or vim.fn.getcwd()
    local root = dir
    for _, name in ipairs({ '.sqlreview.yaml', '.sqlreview.yml' }) do
      local found = vim.fn.findfile(name, dir .. ';')
      if found ~= '' then root = vim.fn.fnamemodify(found, ':p:h'); break end
    end
    if root == dir then
      local git = vim.fn.finddir('.git', dir .. ';')
      if git ~= '' then root = vim.fn.fnamemodify(git, ':p:h:h') end
    end
    local id = sqlreview_clients[root]
    if not (id and vim.lsp.get_client_by_id(id)) then
      id = vim.lsp.start_client({ name = 'sqlreview', cmd = { 'sqlreview', 'lsp' }, root_dir = root })
      sqlreview_clients[root] = id
    end
    vim.lsp.buf_attach_client(ev.buf, id)
  end,
})
