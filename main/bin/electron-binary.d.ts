export function electronBinary(): string | undefined;
export function electronDist(): string | undefined;
