// Progressive enhancement only: the site works without JavaScript.
// "Copy link" buttons (data-copy-url) copy the address instead of opening a share script.
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy-url]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copyUrl).then(() => {
        button.textContent = "Link copied";
    });
});

// The comment form warns before sending what looks like the writer's own health details,
// using the same patterns as the server (data attributes). "Post it anyway" sends as it is.
document.addEventListener("submit", (event) => {
    const form = event.target.closest("form[data-health-pattern]");
    if (!form || (event.submitter && event.submitter.name === "post_anyway")) return;
    const body = (form.elements.body ? form.elements.body.value : "").replace(/\u2019/g, "'");
    if (!new RegExp(form.dataset.healthPattern, "i").test(body)) return;
    event.preventDefault();
    const warning = form.querySelector("[data-comment-warning]");
    const selfHarm = new RegExp(form.dataset.selfHarmPattern, "i").test(body);
    warning.querySelector("[data-self-harm-line]").hidden = !selfHarm;
    warning.hidden = false;
    warning.setAttribute("role", "alert");
    warning.focus();
});
document.addEventListener("click", (event) => {
    const link = event.target.closest("[data-edit-comment]");
    if (!link) return;
    event.preventDefault();
    link.closest("[data-comment-warning]").hidden = true;
    link.closest("form").elements.body.focus();
});
