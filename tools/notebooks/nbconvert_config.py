# Configuration for `jupyter nbconvert --execute`, loaded by run.mjs with --config.
#
# tslab reports a failing cell with an empty error (its message goes to the cell's stderr stream), so
# nbconvert's own message names the cell but not what went wrong, and it writes no notebook to look at.
# These hooks print the failing cell's output to the log, and one line per executed cell with its time.
import sys
import time

_started = {}


def _text(value):
    return ''.join(value) if isinstance(value, list) else str(value or '')


def _on_cell_execute(cell, cell_index, **kwargs):
    _started[cell_index] = time.monotonic()


def _on_cell_executed(cell, cell_index, execute_reply, **kwargs):
    seconds = time.monotonic() - _started.pop(cell_index, time.monotonic())
    status = execute_reply.get('content', {}).get('status', '?')
    first = _text(cell.source).strip().split('\n')[0][:72]
    print(f'[notebooks]   cell {cell_index + 1:>2}: {status:<5} {seconds:6.1f} s  {first}', file=sys.stderr, flush=True)


def _on_cell_error(cell, cell_index, execute_reply, **kwargs):
    lines = [f'[notebooks] cell {cell_index + 1} failed; its output:']
    for output in cell.get('outputs', []):
        kind = output.get('output_type')
        if kind == 'stream':
            lines.append(_text(output.get('text')))
        elif kind == 'error':
            lines.append(f"{output.get('ename', '')}: {output.get('evalue', '')}")
            lines.extend(output.get('traceback', []))
        else:
            data = output.get('data', {})
            if 'text/plain' in data:
                lines.append(_text(data['text/plain']))
    content = execute_reply.get('content', {})
    if content.get('ename') or content.get('evalue'):
        lines.append(f"{content.get('ename', '')}: {content.get('evalue', '')}")
    print('\n'.join(line.rstrip('\n') for line in lines), file=sys.stderr, flush=True)


c = get_config()  # noqa: F821 (provided by traitlets when it loads this file)
c.ExecutePreprocessor.on_cell_execute = _on_cell_execute
c.ExecutePreprocessor.on_cell_executed = _on_cell_executed
c.ExecutePreprocessor.on_cell_error = _on_cell_error
