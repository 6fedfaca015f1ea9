// One element per page carries the vote counts that changed, as one JSON string prop. It merges them into a
// reactive store that every post card reads, so a vote storm costs each page one small update per push.
import { reactive } from "vue";

function countStore() {
  if (!window.__facilitatorCounts) window.__facilitatorCounts = reactive({});
  return window.__facilitatorCounts;
}

export default {
  template: `<span hidden></span>`,
  props: { counts: String },
  watch: {
    counts: {
      handler(value) {
        if (!value) return;
        const store = countStore();
        for (const [id, entry] of Object.entries(JSON.parse(value))) store[id] = entry;
      },
      immediate: true,
    },
  },
};
