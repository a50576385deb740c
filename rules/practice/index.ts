export { checkPractice, PracticeCheckError } from './check';
export { findPracticeNotebook, type PracticeNotebook, practiceNotebookForFile, practiceNotebooks } from './notebooks';
export { formatPracticeResult, type IntroducedTrap, type PracticeResult, practiceScoreLine, type PracticeTrap } from './result';
