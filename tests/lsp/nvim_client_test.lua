-- nvim_client_test.lua - neovim's own LSP client against `leaklint lsp`,
-- as a user meets it: open a file with a leak, read the diagnostic, apply
-- the quick fix, see the diagnostic go; break and fix code by editing;
-- a parse error; a change in one file that clears a finding in another.
-- Run by lsp_nvim_test.sh: nvim --headless --clean -c 'luafile THIS'.
-- $LEAKLINT is the binary, $PROJECT a scratch copy of the project.
local leaklint, project = os.getenv('LEAKLINT'), os.getenv('PROJECT')
local fails, passes = 0, 0
local function check(cond, what)
  if cond then
    passes = passes + 1
  else
    fails = fails + 1
    io.stderr:write('FAIL: ' .. what .. '\n')
  end
  return cond
end
local function finish()
  io.stderr:write(string.format('%d passed, %d failed\n', passes, fails))
  vim.cmd(fails == 0 and 'qall!' or 'cquit! 1')
end
local function lines(buf)
  return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), '\n')
end
local function diags(buf)
  return vim.diagnostic.get(buf)
end
local function wait_for(what, pred)
  return check(vim.wait(30000, pred, 20), what)
end

-- The server's progress and messages, as the client sees them.
local progress_seen = {}
local exit_code
local client_id = vim.lsp.start_client({
  on_exit = function(code)
    exit_code = code
  end,
  name = 'leaklint',
  cmd = { leaklint, 'lsp' },
  root_dir = project,
  init_options = { debounceMs = 100 },
  handlers = {
    ['$/progress'] = function(_, result)
      progress_seen[result.value.kind] = true
    end,
  },
})
check(client_id ~= nil, 'the client starts the server')

vim.cmd('edit ' .. project .. '/leak.c')
local buf = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(buf, client_id)

-- 1. The leak: rule, range, acquisition and path.
if not wait_for('a diagnostic for leak.c', function() return #diags(buf) > 0 end) then
  return finish()
end
local d = diags(buf)[1]
check(#diags(buf) == 1, 'one diagnostic, got ' .. #diags(buf))
check(d.code == 'resource-leak', 'the rule is the code: ' .. tostring(d.code))
check(d.source == 'leaklint', 'source is leaklint')
check(d.severity == vim.diagnostic.severity.WARN, 'severity warning from the rule')
check(d.lnum == 6 and d.col == 4 and d.end_lnum == 6 and d.end_col == 12,
  string.format('range is the return at 7:5-7:13, got %d:%d-%d:%d', d.lnum, d.col, d.end_lnum, d.end_col))
local lsp = d.user_data and d.user_data.lsp or {}
check(lsp.codeDescription and lsp.codeDescription.href:match('rules/help/resource%-leak%.md$'),
  'codeDescription links the rule help')
local related = lsp.relatedInformation or {}
check(#related >= 2, 'acquisition and path steps are related, got ' .. #related)
if related[1] then
  check(related[1].location.range.start.line == 2 and related[1].location.range.start.character == 12,
    'first related location is the malloc at 3:13')
  check(related[1].message:match("'p' acquired here by malloc"), 'acquisition note: ' .. related[1].message)
  check(vim.uri_to_fname(related[1].location.uri) == vim.api.nvim_buf_get_name(buf),
    'related location names the file')
end
local last = related[#related] or { message = '', location = { range = { start = {} } } }
check(last.message == 'returns here' and last.location.range.start.line == 6,
  'last step is the return: ' .. last.message)
wait_for('work-done progress begins and ends', function() return progress_seen['begin'] and progress_seen['end'] end)

-- 2. The quick fix, through the client's own code-action flow: the user
-- picks the action whose title starts with `prefix` on line `line`.
local titles
local function apply_action(line, prefix, what)
  titles = {}
  vim.ui.select = function(items, opts, on_choice)
    local chosen
    for _, item in ipairs(items) do
      titles[#titles + 1] = opts.format_item(item)
      if not chosen and opts.format_item(item):match('^' .. prefix) then
        chosen = item
      end
    end
    on_choice(chosen)
  end
  vim.api.nvim_win_set_cursor(0, { line, 0 })
  local before = lines(buf)
  vim.lsp.buf.code_action()
  wait_for(what, function() return lines(buf) ~= before end)
end
apply_action(7, 'Insert', 'the quick fix edits the buffer')
check(#titles == 2, 'two actions offered: ' .. table.concat(titles, ' | '))
check(vim.tbl_contains(titles, 'Suppress resource-leak on this line with a comment'),
  'a suppression is offered')
local fixed = table.concat({
  '#include <stdlib.h>',
  'int f(int n) {',
  '  char *p = malloc(n);',
  '  if (!p)',
  '    return -1;',
  '  if (n > 10) {',
  '    free(p);',
  '    return 1;',
  '  }',
  '  free(p);',
  '  return 0;',
  '}',
}, '\n')
check(lines(buf) == fixed, 'the buffer after the fix:\n' .. lines(buf))
wait_for('the fixed buffer clears the diagnostic', function() return #diags(buf) == 0 end)

-- 3. An edit that leaks again (unsaved), then one that does not.
vim.api.nvim_buf_set_lines(buf, 6, 7, false, {}) -- drop the new free(p);
wait_for('deleting the free brings the diagnostic back', function() return #diags(buf) == 1 end)
check(diags(buf)[1] and diags(buf)[1].lnum == 6, 'flagged at the return, now line 7')
vim.api.nvim_buf_set_lines(buf, 6, 6, false, { '    free(p);' })
wait_for('typing the free back clears it', function() return #diags(buf) == 0 end)

-- 4. The suppression action, then saved to disk.
vim.api.nvim_buf_set_lines(buf, 6, 7, false, {})
wait_for('the leak is back for the suppression', function() return #diags(buf) == 1 end)
apply_action(7, 'Suppress', 'the suppression edits the buffer')
check(vim.api.nvim_buf_get_lines(buf, 6, 7, false)[1]
  == '    // leaklint: ignore[resource-leak] TODO: why this is not a leak',
  'the comment goes on the line before the return')
wait_for('the suppression clears the diagnostic', function() return #diags(buf) == 0 end)
vim.cmd('write')
local on_disk = table.concat(vim.fn.readfile(project .. '/leak.c'), '\n')
check(on_disk:match('leaklint: ignore%[resource%-leak%]'), 'the suppression is saved')

-- 5. A unit that does not parse is a diagnostic, and the server lives on.
vim.api.nvim_buf_set_lines(buf, -1, -1, false, { 'int broken(void) { return undeclared_name; }' })
wait_for('a parse error becomes an error diagnostic', function()
  for _, x in ipairs(diags(buf)) do
    if x.severity == vim.diagnostic.severity.ERROR and x.message:match('undeclared') then
      return true
    end
  end
  return false
end)
vim.api.nvim_buf_set_lines(buf, -2, -1, false, {})
wait_for('fixing the parse error clears it', function() return #diags(buf) == 0 end)

-- 6. Across units: main.c leaks what helper.c's make_buffer() allocates;
-- when make_buffer() stops allocating, main.c's finding goes.
vim.cmd('edit ' .. project .. '/main.c')
local main = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(main, client_id)
wait_for("main.c's leak through helper.c", function()
  return #diags(main) == 1 and diags(main)[1].message:match('make_buffer')
end)
vim.cmd('edit ' .. project .. '/helper.c')
local helper = vim.api.nvim_get_current_buf()
vim.lsp.buf_attach_client(helper, client_id)
vim.api.nvim_buf_set_lines(helper, 1, -1, false, {
  'static char pool[64];',
  'char *make_buffer(int n) {',
  '  return n < 64 ? pool : 0;',
  '}',
})
wait_for("editing helper.c clears main.c's finding", function() return #diags(main) == 0 end)

-- shutdown, exit: status 0 (under ASan, also no leak and no error).
vim.lsp.stop_client(client_id)
wait_for('the server exits', function() return exit_code ~= nil end)
check(exit_code == 0, 'the server exits with status 0 after shutdown, got ' .. tostring(exit_code))
finish()
