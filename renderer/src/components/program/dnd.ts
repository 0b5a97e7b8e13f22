/** Drag types of the program editor: an op from the step palette, or a step being moved. */
export const OP_DND = 'application/x-process-lab-op';
export const STEP_DND = 'application/x-process-lab-step';

export interface DraggedStep { process: string; path: number[] }

/** During a drag, browsers hide the data until drop: remember what is dragged here too. */
export const dragState: { step?: DraggedStep; op?: string } = {};
