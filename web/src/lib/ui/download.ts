/** Save a Blob as a file the browser downloads, the way a clicked attachment link would. */
export function saveBlob(blob: Blob, filename: string): void {
	const url = URL.createObjectURL(blob);
	const link = document.createElement('a');
	link.href = url;
	link.download = filename;
	link.hidden = true;
	document.body.append(link);
	link.click();
	link.remove();
	// Revoking at once can cancel the download in some browsers; a moment later is safe.
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}
