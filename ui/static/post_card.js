// One post or question. Its vote count is its own small prop, so a vote storm updates only the counts.
// Text is rendered with {{ }} (escaped): HTML and script in a post show literally and never run.
// During a vote storm the counts arrive through the page's shared count store (vote_counts.js), not per card.
import { reactive } from "vue";

function countStore() {  // shared with vote_counts.js through window: components cannot import each other
  if (!window.__facilitatorCounts) window.__facilitatorCounts = reactive({});
  return window.__facilitatorCounts;
}

export default {
  template: `
  <article :class="['post-card', 'kind-' + post.kind, {'is-pinned': post.pinned, 'is-pending': post.approved === false}]"
           :aria-label="labels.post_by.replace('{author}', authorText)">
    <div class="pc-meta">
      <span class="pc-kind">{{ labels.kinds[post.kind] || post.kind }}</span>
      <span v-if="post.pinned" class="pc-badge">📌 {{ labels.pinned }}</span>
      <span v-for="tag in post.tags" :key="tag" class="pc-badge pc-tag">★ {{ labels.tags[tag] }}</span>
      <span v-if="post.answered" class="pc-badge pc-answered">✓ {{ labels.answered }}</span>
      <span v-if="post.approved === false" class="pc-badge pc-pending">{{ labels.pending }}</span>
    </div>
    <p class="pc-text">{{ post.text }}</p>
    <div class="pc-foot">
      <span class="pc-author">{{ authorText }}</span>
      <span v-if="mode === 'staff' && post.author_name && post.anonymous" class="pc-private">({{ post.author_name }})</span>
      <span class="pc-groups" v-if="groupText">{{ groupText }}</span>
      <span class="pc-spacer"></span>
      <button v-if="mode === 'participant'" type="button" :class="['pc-vote', {'is-voted': isVoted}]" :aria-pressed="isVoted ? 'true' : 'false'"
              :disabled="!canVote" :aria-label="(isVoted ? labels.unvote : labels.vote) + ': ' + shownVotes" @click="toggle">
        ▲ <span class="pc-count">{{ shownVotes }}</span>
      </button>
      <span v-else class="pc-count-static">▲ {{ count }} {{ labels.votes }}</span>
    </div>
    <div v-if="mode === 'participant' && post.mine && count === 0" class="pc-own">
      <button type="button" class="pc-link" @click="$emit('edit')">{{ labels.edit }}</button>
      <button type="button" class="pc-link" @click="$emit('delete')">{{ labels.delete }}</button>
    </div>
    <div v-if="mode === 'staff'" class="pc-staff">
      <button type="button" class="pc-link" @click="$emit('moderate', {action: post.pinned ? 'unpin' : 'pin'})">{{ post.pinned ? labels.unpin : labels.pin }}</button>
      <button type="button" class="pc-link" @click="$emit('moderate', {action: hasTag('key_takeaway') ? 'untag' : 'tag', tag: 'key_takeaway'})">{{ hasTag('key_takeaway') ? labels.untag_takeaway : labels.tag_takeaway }}</button>
      <button type="button" class="pc-link" @click="$emit('moderate', {action: hasTag('actionable_solution') ? 'untag' : 'tag', tag: 'actionable_solution'})">{{ hasTag('actionable_solution') ? labels.untag_solution : labels.tag_solution }}</button>
      <button v-if="post.approved === false" type="button" class="pc-link" @click="$emit('moderate', {action: 'approve'})">{{ labels.approve }}</button>
      <template v-if="isQuestion">
        <button type="button" class="pc-link" @click="$emit('moderate', {action: post.answered ? 'unanswer' : 'answer'})">{{ post.answered ? labels.unanswer : labels.answer }}</button>
        <button type="button" class="pc-link" @click="$emit('moderate', {action: post.spotlight ? 'unspotlight' : 'spotlight'})">{{ post.spotlight ? labels.unspotlight : labels.spotlight }}</button>
      </template>
      <button type="button" class="pc-link pc-danger" @click="$emit('moderate', {action: 'hide'})">{{ labels.hide }}</button>
    </div>
  </article>`,
  props: {
    post: Object,
    votes: Number,
    by_group: Object,
    voted: Boolean,
    can_vote: Boolean,
    mode: { type: String, default: "participant" },
  },
  data() {
    return { pending: null };
  },
  computed: {
    live() {
      return countStore()[this.post.id] || null;
    },
    count() {
      return this.live ? this.live[0] : this.votes;
    },
    groups() {
      return this.live ? this.live[1] : this.by_group;
    },
    labels() {
      return window.FACILITATOR_POST_LABELS || { kinds: {}, tags: {}, groups: {} };
    },
    isQuestion() {
      return this.post.answered !== undefined;
    },
    isVoted() {
      return this.pending === null ? this.voted : this.pending;
    },
    shownVotes() {
      if (this.pending === null || this.pending === this.voted) return this.count;
      return Math.max(0, this.count + (this.pending ? 1 : -1));
    },
    canVote() {
      return this.can_vote;
    },
    authorText() {
      if (this.post.anonymous) return this.labels.anonymous;
      if (this.post.author) return this.post.author;
      return this.labels.participant_from.replace("{group}", this.labels.groups[this.post.group] || this.post.group || "");
    },
    groupText() {
      const parts = Object.entries(this.groups || {}).filter(([, n]) => n > 0)
        .map(([g, n]) => (this.labels.groups[g] || g) + " " + n);
      return parts.join(" · ");
    },
  },
  watch: {
    voted() {
      this.pending = null;
    },
    count() {
      this.pending = null;
    },
  },
  methods: {
    reset() {
      this.pending = null;
    },
    hasTag(tag) {
      return (this.post.tags || []).includes(tag);
    },
    toggle() {
      const next = !this.isVoted;
      this.pending = next;
      this.$emit(next ? "vote" : "unvote");
    },
  },
};
