// The demo host page's own script: shows the window.GosChat queue pattern, which works
// whether or not widget.js (loaded async) has arrived yet.
window.GosChat = window.GosChat || { q: [], onReady: function (fn) { this.q.push(fn); } };
document.getElementById('open-chat').addEventListener('click', function () {
  window.GosChat.onReady(function (chat) { chat.open(); });
});
