// Carries the shared view of a session to the page's live elements. Its one prop is the only thing the server
// sends per change, so an update is small whatever the live element holds (its listeners, the participant's
// answers, room and id); every live element of the page (`window.facilitatorLive`) takes it through `show()`.
window.facilitatorLive ??= new Set();
window.facilitatorShowView ??= (view) => {
  window.facilitatorViewJson = view;
  window.facilitatorLive.forEach((element) => element.show(view));
};
export default {
  template: `<span hidden></span>`,
  props: { view: { type: String, default: "" } },
  watch: {
    view: {
      handler(value) {
        if (value) window.facilitatorShowView(value);
      },
      immediate: true,  // mounted again (a tab shown again): its prop is the latest view this page has had
    },
  },
};
