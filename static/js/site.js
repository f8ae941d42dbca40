// Progressive enhancement only: the site works without JavaScript.
// "Copy link" buttons (data-copy-url) copy the address instead of opening a share script.
document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-copy-url]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.dataset.copyUrl).then(() => {
        button.textContent = "Link copied";
    });
});
