// The combobox pattern (WAI-ARIA APG, list autocomplete): focus stays in the input while the arrow
// keys move an "active" option, named by the input's aria-activedescendant.

export class Combobox {
  constructor(input) {
    this.input = input;
    this.options = []; // [{element, ...}] in listbox order
    this.active = -1;
  }

  /** Replaces the options; none is active afterwards. */
  setOptions(options) {
    this.activate(-1);
    this.options = options;
  }

  indexOf(element) {
    return this.options.findIndex((option) => option.element === element);
  }

  /** Makes option `index` active (-1: none) and scrolls it into view. */
  activate(index) {
    const previous = this.options[this.active];
    if (previous) previous.element.setAttribute('aria-selected', 'false');
    this.active = index;
    const option = this.options[index];
    if (option) {
      option.element.setAttribute('aria-selected', 'true');
      this.input.setAttribute('aria-activedescendant', option.element.id);
      option.element.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  /** ↓ (+1) or ↑ (-1): the next or previous option, wrapping; from none, the first or the last. */
  step(delta) {
    const count = this.options.length;
    if (count) this.activate(this.active < 0 ? (delta > 0 ? 0 : count - 1) : (this.active + delta + count) % count);
  }
}
