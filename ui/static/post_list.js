// One board of posts (a breakout room's, or the plenary questions), rendered in the browser from shared data.
// A new or changed post arrives as one small JSON patch built once for every page, so a post costs each page one
// prop update, whatever the board holds. Counts come from the page's shared count store (vote_counts.js).
// Text is rendered with {{ }} (escaped): HTML and script in a post show literally and never run.
// Sorting happens here, on demand or at most every 10 s, never per vote.
import { reactive } from "vue";

const RESORT_EVERY_MS = 10000;  // tests may set window.FACILITATOR_RESORT_MS

function countStore() {  // shared with vote_counts.js through window: components cannot import each other
  if (!window.__facilitatorCounts) window.__facilitatorCounts = reactive({});
  return window.__facilitatorCounts;
}

function parse(text) {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

export default {
  template: `
  <div class="post-list">
    <div class="pl-tools">
      <div v-if="sortable" class="pl-sorts" role="group" :aria-label="labels.sort_by">
        <button v-for="option in sorts" :key="option" type="button" :class="['pl-sort', {'is-active': sort === option}]"
                :aria-pressed="sort === option ? 'true' : 'false'" @click="setSort(option)">
          <span v-if="sort === option" aria-hidden="true">✓ </span>{{ labels.sorts[option] }}</button>
      </div>
      <span class="pl-note" v-if="note">{{ note }}</span>
      <button v-if="dirty" type="button" class="pc-link pl-resort" @click="sortNow">{{ labels.sort_now }}</button>
    </div>
    <p v-if="!visible.length" class="pl-empty">{{ sortable ? labels.empty_room : labels.empty_questions }}</p>
    <article v-for="post in visible" :key="post.id"
             :class="['post-card', 'kind-' + post.kind, {'is-pinned': post.pinned, 'is-pending': post.approved === false}]"
             :aria-label="labels.post_by.replace('{author}', authorText(post))">
      <div class="pc-meta">
        <span class="pc-kind">{{ labels.kinds[post.kind] || post.kind }}</span>
        <span v-if="post.pinned" class="pc-badge">📌 {{ labels.pinned }}</span>
        <span v-for="tag in post.tags" :key="tag" class="pc-badge pc-tag">★ {{ labels.tags[tag] }}</span>
        <span v-if="post.answered" class="pc-badge pc-answered">✓ {{ labels.answered }}</span>
        <span v-if="post.approved === false" class="pc-badge pc-pending">{{ labels.pending }}</span>
      </div>
      <p class="pc-text">{{ post.text }}</p>
      <div class="pc-foot">
        <span class="pc-author">{{ authorText(post) }}</span>
        <span v-if="mode === 'staff' && post.author_name && post.anonymous" class="pc-private">({{ post.author_name }})</span>
        <span class="pc-groups" v-if="groupText(post)">{{ groupText(post) }}</span>
        <span class="pc-spacer"></span>
        <button v-if="mode === 'participant'" type="button" :class="['pc-vote', {'is-voted': isVoted(post)}]"
                :aria-pressed="isVoted(post) ? 'true' : 'false'" :disabled="!can_vote"
                :aria-label="(isVoted(post) ? labels.unvote : labels.vote) + ': ' + shownVotes(post)" @click="toggle(post)">
          ▲ <span class="pc-count">{{ shownVotes(post) }}</span>
        </button>
        <span v-else class="pc-count-static">▲ {{ count(post) }} {{ labels.votes }}</span>
      </div>
      <div v-if="mode === 'participant' && mineSet.has(post.id) && count(post) === 0" class="pc-own">
        <button type="button" class="pc-link" @click="act(post, 'edit')">{{ labels.edit }}</button>
        <button type="button" class="pc-link" @click="act(post, 'delete')">{{ labels.delete }}</button>
      </div>
      <div v-if="mode === 'staff'" class="pc-staff">
        <button type="button" class="pc-link" @click="act(post, 'moderate', {action: post.pinned ? 'unpin' : 'pin'})">{{ post.pinned ? labels.unpin : labels.pin }}</button>
        <button type="button" class="pc-link" @click="act(post, 'moderate', {action: hasTag(post, 'key_takeaway') ? 'untag' : 'tag', tag: 'key_takeaway'})">{{ hasTag(post, 'key_takeaway') ? labels.untag_takeaway : labels.tag_takeaway }}</button>
        <button type="button" class="pc-link" @click="act(post, 'moderate', {action: hasTag(post, 'actionable_solution') ? 'untag' : 'tag', tag: 'actionable_solution'})">{{ hasTag(post, 'actionable_solution') ? labels.untag_solution : labels.tag_solution }}</button>
        <button v-if="post.approved === false" type="button" class="pc-link" @click="act(post, 'moderate', {action: 'approve'})">{{ labels.approve }}</button>
        <template v-if="post.answered !== undefined">
          <button type="button" class="pc-link" @click="act(post, 'moderate', {action: post.answered ? 'unanswer' : 'answer'})">{{ post.answered ? labels.unanswer : labels.answer }}</button>
          <button type="button" class="pc-link" @click="act(post, 'moderate', {action: post.spotlight ? 'unspotlight' : 'spotlight'})">{{ post.spotlight ? labels.unspotlight : labels.spotlight }}</button>
        </template>
        <button type="button" class="pc-link pc-danger" @click="act(post, 'moderate', {action: 'hide'})">{{ labels.hide }}</button>
      </div>
    </article>
  </div>`,
  props: {
    snapshot: String,
    patch: String,
    ranking: String,
    voted: Array,
    mine: Array,
    can_vote: Boolean,
    sortable: Boolean,
    mode: { type: String, default: "participant" },
  },
  data() {
    return { byId: {}, order: [], seq: 0, sort: "top", rank: null, dirty: false, pending: {}, timer: null };
  },
  computed: {
    labels() {
      return window.FACILITATOR_POST_LABELS || { kinds: {}, tags: {}, groups: {}, sorts: {} };
    },
    sorts() {
      return ["top", "new", "common_ground"];
    },
    visible() {
      return this.order.filter((id) => id in this.byId).map((id) => this.byId[id]);
    },
    mineSet() {
      return new Set(this.mine || []);
    },
    votedSet() {
      return new Set(this.voted || []);
    },
    countsKey() {  // in the board's own order, which sorting leaves alone
      return Object.values(this.byId).map((post) => this.count(post)).join(",");
    },
    note() {
      const fallback = this.sort === "common_ground" && (!this.rank || this.rank.common_ground_used !== "common_ground");
      return fallback ? this.labels.common_ground_fallback : "";
    },
  },
  watch: {
    snapshot: { handler(value) { this.load(parse(value)); }, immediate: true },
    patch(value) { this.applyPatch(parse(value)); },
    ranking(value) {
      const rank = parse(value);
      if (rank) {
        this.rank = rank;
        this.resort();
      }
    },
    voted() {  // the server's word on my votes: a click it did not take back is no longer pending
      for (const [id, p] of Object.entries(this.pending)) if (this.votedSet.has(id) !== p.voted) delete this.pending[id];
    },
    countsKey() {
      this.dirty = true;
      for (const [id, p] of Object.entries(this.pending)) {
        const post = this.byId[id];
        if (!post || this.count(post) !== p.base) delete this.pending[id];  // the new count includes the click
      }
    },
  },
  mounted() {
    if (!this.snapshot && this.patch) this.$emit("resync");  // mounted after patches blanked the snapshot: ask for all
    this.timer = setInterval(() => { if (this.dirty) this.resort(); }, window.FACILITATOR_RESORT_MS || RESORT_EVERY_MS);
  },
  unmounted() {
    clearInterval(this.timer);
  },
  methods: {
    load(snap) {
      if (!snap) return;
      const byId = {};
      for (const post of snap.posts || []) byId[post.id] = post;
      const first = !this.order.length;
      const fresh = Object.keys(byId).filter((id) => !(id in this.byId));
      this.byId = byId;
      this.seq = snap.seq || 0;
      if (snap.ranking) this.rank = snap.ranking;
      if (first) {
        this.order = Object.keys(byId);
        this.resort();
      } else {  // the board again (a resync, a staff redraw): the reader's order stays, new posts go on top
        fresh.sort((a, b) => byId[b].created_at_ms - byId[a].created_at_ms);
        this.order = fresh.concat(this.order.filter((id) => id in byId && !fresh.includes(id)));
        this.dirty = true;
      }
    },
    applyPatch(p) {
      if (!p || p.seq <= this.seq) return;
      if (p.seq > this.seq + 1) this.$emit("resync");  // an update was missed (a brief disconnect): ask for all
      this.seq = p.seq;
      const fresh = [];
      for (const post of p.posts || []) {
        if (!(post.id in this.byId)) fresh.push(post.id);
        this.byId[post.id] = post;
      }
      for (const id of p.gone || []) delete this.byId[id];
      if (p.ranking) this.rank = p.ranking;
      fresh.sort((a, b) => this.byId[b].created_at_ms - this.byId[a].created_at_ms);
      this.order = fresh.concat(this.order.filter((id) => id in this.byId && !fresh.includes(id)));
      this.dirty = true;
    },
    count(post) {
      const live = countStore()[post.id];
      return live ? live[0] : post.votes;
    },
    groups(post) {
      const live = countStore()[post.id];
      return live ? live[1] : post.votes_by_group;
    },
    resort() {
      const posts = Object.values(this.byId);
      const pinned = (post) => (post.pinned ? 0 : 1);
      const byTop = (a, b) => pinned(a) - pinned(b) || this.count(b) - this.count(a) || a.created_at_ms - b.created_at_ms;
      let compare = byTop;
      if (this.sort === "new") {
        compare = (a, b) => pinned(a) - pinned(b) || b.created_at_ms - a.created_at_ms;
      } else if (this.sort === "common_ground" && this.rank && this.rank.common_ground_used === "common_ground") {
        const place = new Map(this.rank.common_ground.map((id, i) => [id, i]));
        const at = (post) => (place.has(post.id) ? place.get(post.id) : -1);  // newer than the ranking: on top
        compare = (a, b) => pinned(a) - pinned(b) || at(a) - at(b) || b.created_at_ms - a.created_at_ms;
      }
      this.order = posts.sort(compare).map((post) => post.id);
      this.dirty = false;
    },
    setSort(sort) {
      this.sort = sort;
      if (sort === "common_ground") this.$emit("ranking");  // the freshest ranking; sorted again when it comes
      this.resort();
    },
    sortNow() {
      if (this.sort === "common_ground") this.$emit("ranking");
      this.resort();
    },
    settle(id, ok) {  // the server ran the click; if it refused, the button shows the truth again
      if (!ok) delete this.pending[id];
      else setTimeout(() => delete this.pending[id], 3000);  // the count normally arrives well before
    },
    hasTag(post, tag) {
      return (post.tags || []).includes(tag);
    },
    isVoted(post) {
      const p = this.pending[post.id];
      return p ? p.voted : this.votedSet.has(post.id);
    },
    shownVotes(post) {  // a click shows at once; the shared count replaces it when it moves
      const count = this.count(post);
      const p = this.pending[post.id];
      return p && count === p.base ? Math.max(0, p.base + p.delta) : count;
    },
    authorText(post) {
      if (post.anonymous) return this.labels.anonymous;
      if (post.author) return post.author;
      return this.labels.participant_from.replace("{group}", this.labels.groups[post.group] || post.group || "");
    },
    groupText(post) {
      return Object.entries(this.groups(post) || {}).filter(([, n]) => n > 0)
        .map(([g, n]) => (this.labels.groups[g] || g) + " " + n).join(" · ");
    },
    toggle(post) {
      const next = !this.isVoted(post);
      const was = this.votedSet.has(post.id);
      this.pending[post.id] = { voted: next, base: this.count(post), delta: next === was ? 0 : next ? 1 : -1 };
      this.act(post, next ? "vote" : "unvote");
    },
    act(post, action, args) {
      this.$emit("action", { id: post.id, action, args: args || null });
    },
  },
};
