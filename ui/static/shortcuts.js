// Document-level keyboard shortcuts for the moderator console.
// Keys are ignored while typing; a focused button is blurred and the default prevented,
// so Space never "clicks" the last button as well (no double fire).
export default {
  props: { keys: Array },
  mounted() {
    this.handler = (evt) => {
      if (!(evt instanceof KeyboardEvent) || evt.ctrlKey || evt.metaKey || evt.altKey || evt.repeat) return;
      const target = evt.target;
      const tag = target && target.tagName ? target.tagName.toLowerCase() : "";
      if (["input", "textarea", "select"].includes(tag) || (target && target.isContentEditable)) return;
      if (document.querySelector(".q-dialog")) return;
      const key = evt.key === " " ? "Space" : evt.key.length === 1 ? evt.key.toUpperCase() : evt.key;
      if (!this.keys.includes(key)) return;
      evt.preventDefault();
      evt.stopPropagation();
      if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
      this.$emit("shortcut", { key, version: window.FACILITATOR_AGENDA_VERSION ?? null });
    };
    document.addEventListener("keydown", this.handler, true);
  },
  unmounted() {
    document.removeEventListener("keydown", this.handler, true);
  },
};
