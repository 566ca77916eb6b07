// Undo and redo for the editor session: snapshots of the local grid set taken before every edit
// (draw, vertex edit, delete, auto-partition, attribute edit) and around the edits the server does
// at once (split, merge). Undoing a server edit gives back the grid set from before it as an unsaved
// set (saved like an import: the draft gets the old grids again). Keyboard: Ctrl+Z, Ctrl+Shift+Z
// and Ctrl+Y, Delete for the selected grids; the toolbar's undo and redo buttons are disabled when
// there is nothing to undo or redo.
import { t } from './i18n.js';

const LIMIT = 100;

/**
 * @param {object} hooks capture(): the state to keep (a JSON-able object); restore(snapshot): puts
 *   one back and redraws; remove(): deletes the selection (the Delete key); status(text): the status line.
 */
export function createHistory({ capture, restore, remove, status }) {
  const undoStack = [];
  const redoStack = [];
  let redoButton = null;

  const copy = () => JSON.stringify(capture());

  function buttons() {
    const undoButton = document.querySelector('#toolbar [data-tool="undo"]');
    if (undoButton && !redoButton) {
      // The redo button sits beside undo; the toolbar's click handler dispatches it by data-tool.
      redoButton = document.createElement('button');
      redoButton.dataset.tool = 'redo';
      redoButton.dataset.i18n = 'redo';
      redoButton.textContent = t('redo');
      undoButton.after(redoButton);
    }
    if (undoButton) {
      undoButton.disabled = !undoStack.length;
      undoButton.title = `${t('undo')} (Ctrl+Z)`;
    }
    if (redoButton) {
      redoButton.disabled = !redoStack.length;
      redoButton.title = `${t('redo')} (Ctrl+Shift+Z / Ctrl+Y)`;
    }
  }

  /** Moves one state from `from` back into the editor, keeping the present one on `to`. */
  function step(from, to, nothing) {
    const state = from.pop();
    if (state) {
      to.push(copy());
      restore(JSON.parse(state));
    } else {
      status(t(nothing));
    }
    buttons();
    return Boolean(state);
  }

  const history = {
    /** Call before a local edit: the state it starts from becomes one undo step. */
    record() {
      undoStack.push(copy());
      if (undoStack.length > LIMIT) undoStack.shift();
      redoStack.length = 0;
      buttons();
    },
    /** Returns the state now, for {@link serverStep} after an edit the server did at once. */
    capture: copy,
    /**
     * After a split or merge (written to the draft at once, then reloaded): the state from before it
     * becomes one undo step, as an unsaved set that replaces the draft's grids when saved.
     */
    serverStep(before) {
      const state = JSON.parse(before);
      undoStack.push(JSON.stringify({ ...state, replaceSet: true }));
      redoStack.length = 0;
      buttons();
    },
    undo: () => step(undoStack, redoStack, 'nothingToUndo'),
    redo: () => step(redoStack, undoStack, 'nothingToRedo'),
    /** A village (re)loaded from the server: nothing to undo any more. */
    reset() {
      undoStack.length = 0;
      redoStack.length = 0;
      buttons();
    },
    get undoCount() { return undoStack.length; },
    get redoCount() { return redoStack.length; },
    refresh: buttons,
  };

  document.addEventListener('keydown', (e) => {
    if (e.target.closest?.('input, select, textarea')) return;
    const key = e.key.toLowerCase();
    if ((e.ctrlKey || e.metaKey) && ((key === 'z' && e.shiftKey) || key === 'y')) {
      e.preventDefault();
      history.redo();
    } else if ((e.ctrlKey || e.metaKey) && key === 'z') {
      e.preventDefault();
      history.undo();
    } else if (e.key === 'Delete' && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      remove();
    }
  });
  buttons();
  return history;
}
